/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

/**
 * How a cache lookup was answered: the {@code result} tag of {@code authcache.lookups}.
 * The hit ratio is {@code (hit + negative_hit) / all}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public enum LookupResult {

	/**
	 * Answered from the cache with an active entry.
	 */
	HIT("hit"),

	/**
	 * Answered from the cache with an inactive entry.
	 */
	NEGATIVE_HIT("negative_hit"),

	/**
	 * Not in the cache (or too old for the route): answered by the upstream.
	 */
	MISS("miss"),

	/**
	 * Not in the cache, and the upstream gave no verdict.
	 */
	ERROR("error");

	private final String tagValue;

	LookupResult(String tagValue) {
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
