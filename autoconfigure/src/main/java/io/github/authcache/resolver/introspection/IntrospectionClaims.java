/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.introspection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Names of the claims of an RFC 7662 introspection response.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class IntrospectionClaims {

	/**
	 * Whether the token is active.
	 */
	public static final String ACTIVE = "active";

	/**
	 * The token's subject.
	 */
	public static final String SUB = "sub";

	/**
	 * The client the token was issued to.
	 */
	public static final String CLIENT_ID = "client_id";

	/**
	 * The authorized party: the client the token was issued to, where Keycloak names it.
	 */
	public static final String AZP = "azp";

	/**
	 * The space-separated scopes.
	 */
	public static final String SCOPE = "scope";

	/**
	 * The expiry, in seconds since the epoch.
	 */
	public static final String EXP = "exp";

	/**
	 * The issue time, in seconds since the epoch.
	 */
	public static final String IAT = "iat";

	/**
	 * The not-before time, in seconds since the epoch.
	 */
	public static final String NBF = "nbf";

	/**
	 * The audiences (a string or an array).
	 */
	public static final String AUD = "aud";

	/**
	 * The issuer.
	 */
	public static final String ISS = "iss";

	/**
	 * The JWT id.
	 */
	public static final String JTI = "jti";

	/**
	 * The session id.
	 */
	public static final String SID = "sid";

	/**
	 * The token type, {@code Bearer} for access tokens.
	 */
	public static final String TOKEN_TYPE = "token_type";

	/**
	 * What the token is: Hydra answers {@code access_token} or {@code refresh_token}.
	 */
	public static final String TOKEN_USE = "token_use";

	private static final Pattern SCOPE_SEPARATOR = Pattern.compile("\\s+");

	private IntrospectionClaims() {
	}

	/**
	 * Split a space-separated scope claim. Called on every authenticated request, so the
	 * separator pattern is compiled once ({@code String.split} compiles it on each call).
	 * @param scope the claim value
	 * @return the scopes
	 */
	public static List<String> scopes(String scope) {
		return scope.isBlank() ? List.of() : List.of(SCOPE_SEPARATOR.split(scope.trim()));
	}

}
