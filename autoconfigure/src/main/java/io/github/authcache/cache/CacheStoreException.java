/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import org.springframework.util.Assert;

/**
 * Thrown by an {@link AuthCacheStore} that cannot be reached or failed a command. The
 * {@link #getFailure() failure} says whether Redis is to blame
 * ({@link StoreFailure#UNAVAILABLE}, {@link StoreFailure#TIMEOUT}) or this process was
 * saturated ({@link StoreFailure#BUSY}), or the call was not attempted at all
 * ({@link StoreFailure#CIRCUIT_OPEN}).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class CacheStoreException extends RuntimeException {

	private final StoreFailure failure;

	/**
	 * Create a new exception, classifying the cause with {@link StoreFailure#classify}.
	 * @param message what failed
	 * @param cause the cause
	 */
	public CacheStoreException(String message, Throwable cause) {
		this(message, StoreFailure.classify(cause), cause);
	}

	/**
	 * Create a new exception.
	 * @param message what failed
	 * @param failure what the failure says about the store
	 * @param cause the cause
	 */
	public CacheStoreException(String message, StoreFailure failure, Throwable cause) {
		super(message + " (" + failure + ")", cause);
		Assert.notNull(failure, "'failure' must not be null");
		this.failure = failure;
	}

	/**
	 * Return what the failure says about the store.
	 * @return the failure
	 */
	public StoreFailure getFailure() {
		return this.failure;
	}

}
