/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the upstream gives no verdict on a credential: it is unreachable, timed
 * out, or answered with an error. Never cached; the request fails closed (503).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class UpstreamUnavailableException extends RuntimeException {

	private final @Nullable Duration retryAfter;

	/**
	 * Create a new exception.
	 * @param message what went wrong (never a credential)
	 * @param retryAfter when the upstream said to retry, if it said
	 * @param cause the cause, if any
	 */
	public UpstreamUnavailableException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(message, cause);
		this.retryAfter = retryAfter;
	}

	/**
	 * Create a new exception.
	 * @param message what went wrong (never a credential)
	 */
	public UpstreamUnavailableException(String message) {
		this(message, null, null);
	}

	/**
	 * Return when the upstream said to retry, if it said.
	 * @return the retry delay, or {@code null}
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

}
