/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

/**
 * How a client's cold lookup fared against its share of the upstream calls: the
 * {@code outcome} tag of {@code authcache.upstream.fairness}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public enum FairnessOutcome {

	/**
	 * The lookup went on to the upstream limit.
	 */
	ADMITTED("admitted"),

	/**
	 * The client already held its share of the upstream calls in flight (429).
	 */
	OVER_SHARE("over_share"),

	/**
	 * The client had spent its budget of cold lookups (429).
	 */
	OVER_BUDGET("over_budget");

	private final String tagValue;

	FairnessOutcome(String tagValue) {
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
