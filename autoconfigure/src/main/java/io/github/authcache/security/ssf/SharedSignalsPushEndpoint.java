/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import org.springframework.util.Assert;

/**
 * Where a {@link SharedSignalsReceiver} takes pushed Security Event Tokens (RFC 8935):
 * the {@code AuthCacheConfigurer} adds a {@link SharedSignalsPushFilter} for it to the
 * filter chain and exempts its path from CSRF protection.
 *
 * @param receiver the receiver
 * @param path the endpoint's path, registered at the transmitter as the push endpoint
 * @author authcache authors
 * @since 0.1.0
 */
public record SharedSignalsPushEndpoint(SharedSignalsReceiver receiver, String path) {

	public SharedSignalsPushEndpoint {
		Assert.notNull(receiver, "'receiver' must not be null");
		Assert.hasText(path, "'path' must not be empty");
	}

	/**
	 * Return a new filter serving this endpoint.
	 * @return the filter
	 */
	public SharedSignalsPushFilter filter() {
		return new SharedSignalsPushFilter(this.receiver, this.path);
	}

}
