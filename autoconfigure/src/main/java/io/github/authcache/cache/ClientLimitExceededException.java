/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;

import io.github.authcache.resolver.UpstreamUnavailableException;

/**
 * Thrown when a lookup would go to the upstream but its client is over its share of the
 * upstream calls or its budget of cold lookups ({@link UpstreamFairness}): the upstream
 * was not asked. Only the client is refused (429), not the upstream; an entry past its
 * TTL still answers it within the stale-if-error grace, as for any upstream without a
 * verdict.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class ClientLimitExceededException extends UpstreamUnavailableException {

	/**
	 * Create a new exception.
	 * @param message what limit the client is over
	 * @param retryAfter when the client may try again
	 */
	public ClientLimitExceededException(String message, Duration retryAfter) {
		super(message, retryAfter, null);
	}

}
