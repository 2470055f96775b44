/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

/**
 * What became of a background refresh of a cached verdict (refresh-ahead): the
 * {@code result} tag of {@code authcache.refresh}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public enum RefreshOutcome {

	/**
	 * A refresh was started: the identity provider is asked in the background.
	 */
	STARTED("started"),

	/**
	 * A refresh was due but not started, because too few upstream permits were free or
	 * the background executor refused it; a later hit tries again.
	 */
	SKIPPED("skipped"),

	/**
	 * The identity provider still says the credential is active: the entry was replaced.
	 */
	ACTIVE("active"),

	/**
	 * The identity provider says the credential is no longer active (a revocation found):
	 * the entry became a negative entry.
	 */
	REVOKED("revoked"),

	/**
	 * The identity provider gave no verdict: nothing changed, the entry stays until its
	 * TTL.
	 */
	ERROR("error");

	private final String tagValue;

	RefreshOutcome(String tagValue) {
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
