/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * The identity provider gave no verdict and no usable cache entry exists: the request
 * fails closed with 503.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class IdentityProviderUnavailableException extends AuthenticationServiceException {

	private final @Nullable Duration retryAfter;

	/**
	 * Create a new exception.
	 * @param message what went wrong
	 * @param retryAfter when the upstream said to retry, if it said
	 * @param cause the cause
	 */
	public IdentityProviderUnavailableException(String message, @Nullable Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.retryAfter = retryAfter;
	}

	/**
	 * Return when the upstream said to retry, if it said.
	 * @return the retry delay, or {@code null}
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

}
