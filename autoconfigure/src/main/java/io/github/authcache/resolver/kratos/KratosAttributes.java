/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.kratos;

/**
 * Names of the attributes a Kratos session {@link io.github.authcache.resolver.Identity}
 * carries.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class KratosAttributes {

	/**
	 * The session's authenticator assurance level ({@code aal1}, {@code aal2}, …).
	 */
	public static final String AAL = "aal";

	/**
	 * When the session was authenticated, in seconds since the epoch.
	 */
	public static final String AUTHENTICATED_AT = "authenticated_at";

	/**
	 * The authentication methods the session completed, for example {@code password} or
	 * {@code totp}.
	 */
	public static final String METHODS = "methods";

	/**
	 * The identity's traits (a JSON object).
	 */
	public static final String TRAITS = "traits";

	private KratosAttributes() {
	}

}
