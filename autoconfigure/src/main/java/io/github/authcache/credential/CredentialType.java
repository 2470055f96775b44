/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.credential;

/**
 * Where a credential came from, which decides how it is presented to the upstream.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public enum CredentialType {

	/**
	 * A Kratos session cookie ({@code ory_kratos_session} by default).
	 */
	SESSION_COOKIE(CredentialKind.SESSION),

	/**
	 * A Kratos session token, sent as {@code X-Session-Token} or as a bearer token with
	 * the {@code ory_st_} prefix.
	 */
	SESSION_TOKEN(CredentialKind.SESSION),

	/**
	 * An OAuth 2.0 bearer access token, resolved by token introspection.
	 */
	ACCESS_TOKEN(CredentialKind.TOKEN);

	private final CredentialKind kind;

	CredentialType(CredentialKind kind) {
		this.kind = kind;
	}

	/**
	 * Return what a credential of this type proves.
	 * @return the credential kind
	 */
	public CredentialKind kind() {
		return this.kind;
	}

}
