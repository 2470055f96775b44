/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

/**
 * An {@link UpstreamUnavailableException} caused by the starter's own configuration
 * rather than by the upstream's health: the upstream refused the starter's client
 * credentials or API key. No verdict either, so never cached; the message names the
 * settings to check.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class UpstreamMisconfiguredException extends UpstreamUnavailableException {

	private final String settings;

	/**
	 * Create a new exception.
	 * @param message what went wrong (never a credential)
	 * @param settings the properties to check, for example
	 * {@code authcache.kratos.api-key}
	 */
	public UpstreamMisconfiguredException(String message, String settings) {
		super(message + "; check " + settings, null, null);
		this.settings = settings;
	}

	/**
	 * Return the properties to check.
	 * @return the settings, as a sentence fragment
	 */
	public String getSettings() {
		return this.settings;
	}

}
