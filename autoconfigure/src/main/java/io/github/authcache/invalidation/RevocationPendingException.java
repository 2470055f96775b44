/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

/**
 * Thrown when a revocation is not durable yet: Redis did not take its mark (down, hung,
 * out of memory under {@code noeviction}). The revocation already holds on this instance;
 * the mark waits in a bounded queue and is written to Redis, and announced to the other
 * instances, when Redis answers. Until then other instances look the credential up again
 * rather than trust what they cached before Redis failed.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class RevocationPendingException extends RevocationFailedException {

	/**
	 * Create a new exception.
	 * @param message what happened
	 * @param cause the store failure
	 */
	public RevocationPendingException(String message, Throwable cause) {
		super(message, cause);
	}

}
