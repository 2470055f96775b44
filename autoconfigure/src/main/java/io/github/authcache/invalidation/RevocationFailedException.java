/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

/**
 * Thrown when a revocation could not be recorded durably (Redis down, out of memory under
 * {@code noeviction}): the caller must not report success. See
 * {@link RevocationPendingException} for what did happen.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class RevocationFailedException extends RuntimeException {

	/**
	 * Create a new exception.
	 * @param message what failed
	 * @param cause the cause
	 */
	public RevocationFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
