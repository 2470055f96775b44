/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

/**
 * How a revocation at the identity provider ended: the {@code outcome} tag of
 * {@code authcache.logout.upstream}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public enum RevocationOutcome {

	/**
	 * The identity provider revoked the credential.
	 */
	REVOKED("revoked"),

	/**
	 * The identity provider was asked and did not revoke it (an error, a refusal, a
	 * timeout).
	 */
	FAILED("failed"),

	/**
	 * Nothing is configured to revoke this kind of credential at the identity provider.
	 */
	NOT_CONFIGURED("not_configured"),

	/**
	 * The request's credential did not authenticate, so there was nothing to revoke at
	 * the identity provider; it was dropped from the cache.
	 */
	INACTIVE("inactive"),

	/**
	 * The provider would refuse: RFC 7009 lets only the client a token was issued to
	 * revoke it, and the token was issued to another client than the one the starter
	 * authenticates as.
	 */
	NOT_PERMITTED("not_permitted");

	private final String tagValue;

	RevocationOutcome(String tagValue) {
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
