/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a credential is valid but the upstream requires a stronger authentication,
 * as Kratos does with {@code 403 session_aal2_required}. Never cached as a positive
 * result; the client gets the upstream's own 403 answer, including where to send the
 * browser.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class StepUpRequiredException extends RuntimeException {

	private final @Nullable String redirectTo;

	private final String responseBody;

	/**
	 * Create a new exception.
	 * @param redirectTo where the upstream asks to send the browser, if it said
	 * @param responseBody the upstream's response body, relayed to the client
	 */
	public StepUpRequiredException(@Nullable String redirectTo, String responseBody) {
		super("A stronger authentication is required");
		this.redirectTo = redirectTo;
		this.responseBody = responseBody;
	}

	/**
	 * Return where the upstream asks to send the browser, if it said.
	 * @return the redirect target, or {@code null}
	 */
	public @Nullable String getRedirectTo() {
		return this.redirectTo;
	}

	/**
	 * Return the upstream's response body.
	 * @return the body
	 */
	public String getResponseBody() {
		return this.responseBody;
	}

}
