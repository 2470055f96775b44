/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

/**
 * Why an upstream answer was not cached: the {@code reason} tag of
 * {@code authcache.write.skipped}. Each is a limit the cache's reader enforces, so the
 * value would only ever be read as a miss.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public enum WriteSkipReason {

	/**
	 * The stored value would be longer than the reader accepts.
	 */
	TOO_LARGE("too_large"),

	/**
	 * The identity's attributes nest deeper than the reader accepts.
	 */
	TOO_DEEP("too_deep");

	private final String tagValue;

	WriteSkipReason(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the tag value.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
