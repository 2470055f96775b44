/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.credential;

/**
 * What a credential proves: a login session (Ory Kratos) or an OAuth 2.0 access token.
 * The kind names the cache key space ({@code authcache:session:…} or
 * {@code authcache:token:…}) and the {@code kind} tag of every metric.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public enum CredentialKind {

	/**
	 * A login session, identified by a session cookie or a session token.
	 */
	SESSION("session"),

	/**
	 * An OAuth 2.0 access token.
	 */
	TOKEN("token");

	private final String tagValue;

	CredentialKind(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the lower-case name used in cache keys and metric tags.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
