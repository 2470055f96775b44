/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import io.github.authcache.metrics.WriteSkipReason;

/**
 * Thrown when an entry is not encoded because the cache's reader would refuse its value
 * (too large, or attributes nested too deep), so it could only ever be read as a miss.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class ValueLimitExceededException extends IllegalArgumentException {

	private final WriteSkipReason reason;

	/**
	 * Create an exception.
	 * @param reason the limit the value exceeds
	 */
	public ValueLimitExceededException(WriteSkipReason reason) {
		super("The cache value would be " + ((reason == WriteSkipReason.TOO_LARGE) ? "larger" : "nested deeper")
				+ " than the cache reads");
		this.reason = reason;
	}

	/**
	 * Return the limit the value exceeds.
	 * @return the limit
	 */
	public WriteSkipReason getReason() {
		return this.reason;
	}

}
