/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;

import io.github.authcache.cache.UpstreamFairness;

import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * The request's client is over its share of the identity provider calls
 * ({@link UpstreamFairness}): the credential was not judged, and the request gets 429
 * with {@code Retry-After}. Not a failed authentication: it does not count against the
 * client in the {@link FailureLimiter}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class ClientLimitExceededAuthenticationException extends AuthenticationServiceException {

	private final Duration retryAfter;

	/**
	 * Create a new exception.
	 * @param message what limit the client is over
	 * @param retryAfter when the client may try again
	 * @param cause the cause
	 */
	public ClientLimitExceededAuthenticationException(String message, Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.retryAfter = retryAfter;
	}

	/**
	 * Return when the client may try again.
	 * @return the retry delay
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
