/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * What a failed store call says about the store. Only some failures are evidence that
 * Redis is unhealthy; the others come from this process being saturated, and opening the
 * circuit for them would send the load to the identity provider exactly when this process
 * can least afford it.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see CacheStoreException#getFailure()
 */
public enum StoreFailure {

	/**
	 * Redis refused or reset the connection, a connection could not be made in time, or
	 * Redis answered with an error: Redis is unhealthy.
	 */
	UNAVAILABLE,

	/**
	 * A command was sent and no answer came within the command timeout. Redis is hung or
	 * gone, unless this process was the slow one (short of CPU, paused); the circuit
	 * breaker decides which (see {@code io.github.authcache.resilience}).
	 */
	TIMEOUT,

	/**
	 * No pooled connection was free within the pool's longest wait: every connection was
	 * busy with other requests of this process. This is back-pressure from local
	 * saturation, never evidence against Redis, and never counts towards opening the
	 * circuit. The lookup that meets it goes on without the store, to the upstream, where
	 * the upstream concurrency limit bounds it.
	 */
	BUSY,

	/**
	 * The call was not attempted: the circuit in front of the store is open.
	 */
	CIRCUIT_OPEN;

	/**
	 * Classify the exception a Redis client threw.
	 * @param ex the exception, for example a Spring {@code DataAccessException} wrapping
	 * a Jedis exception
	 * @return what the failure says about the store
	 */
	public static StoreFailure classify(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			// commons-pool2's "Timeout waiting for idle object": the pool was exhausted.
			// A NoSuchElementException with a cause is a connection that could not be
			// made.
			if (cause instanceof NoSuchElementException && cause.getCause() == null) {
				return BUSY;
			}
			if (cause instanceof SocketTimeoutException && !isConnectTimeout(cause)) {
				return TIMEOUT;
			}
		}
		return UNAVAILABLE;
	}

	private static boolean isConnectTimeout(Throwable timeout) {
		String message = timeout.getMessage();
		return message != null && message.toLowerCase(Locale.ROOT).contains("connect");
	}

}
