/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

/**
 * Thrown by an {@link AuthCacheStore} that cannot be reached or failed a command.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class CacheStoreException extends RuntimeException {

	/**
	 * Create a new exception.
	 * @param message what failed
	 * @param cause the cause
	 */
	public CacheStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
