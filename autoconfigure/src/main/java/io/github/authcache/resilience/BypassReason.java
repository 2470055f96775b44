/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

/**
 * Why a read went past the store to the upstream.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public enum BypassReason {

	/**
	 * The circuit was open: the store was not called at all.
	 */
	CIRCUIT_OPEN("circuit_open"),

	/**
	 * The store was called and failed (timeout, connection refused, error reply).
	 */
	STORE_FAILED("store_failed"),

	/**
	 * No pooled connection was free in time: every connection was busy with other
	 * requests of this process (back-pressure; the circuit does not count it).
	 */
	STORE_BUSY("store_busy");

	private final String tagValue;

	BypassReason(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the value of the {@code reason} tag for this reason.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
