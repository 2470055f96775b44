/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

/**
 * How an upstream call ended: the {@code outcome} tag of {@code authcache.upstream}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public enum UpstreamOutcome {

	/**
	 * The credential is active.
	 */
	ACTIVE("active"),

	/**
	 * The credential is inactive.
	 */
	INACTIVE("inactive"),

	/**
	 * The credential is valid but a stronger authentication is required.
	 */
	STEP_UP("step_up"),

	/**
	 * The upstream gave no verdict.
	 */
	ERROR("error");

	private final String tagValue;

	UpstreamOutcome(String tagValue) {
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
