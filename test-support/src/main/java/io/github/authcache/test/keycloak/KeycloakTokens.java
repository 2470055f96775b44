/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.keycloak;

import org.jspecify.annotations.Nullable;

/**
 * The tokens of one answer of Keycloak's token endpoint.
 *
 * @param accessToken the access token (a JWT)
 * @param refreshToken the refresh token, if any (none for the client-credentials grant)
 * @param idToken the ID token, if any (asked for with the {@code openid} scope)
 * @param sessionId the user session ({@code session_state}, the tokens' {@code sid}), if
 * any
 * @author authcache authors
 * @since 0.1.0
 */
public record KeycloakTokens(String accessToken, @Nullable String refreshToken, @Nullable String idToken,
		@Nullable String sessionId) {

	/**
	 * Return the refresh token, which must be present.
	 * @return the refresh token
	 */
	public String requiredRefreshToken() {
		return required(this.refreshToken, "refresh token");
	}

	/**
	 * Return the ID token, which must be present.
	 * @return the ID token
	 */
	public String requiredIdToken() {
		return required(this.idToken, "ID token");
	}

	/**
	 * Return the session id, which must be present.
	 * @return the session id
	 */
	public String requiredSessionId() {
		return required(this.sessionId, "session id");
	}

	private static String required(@Nullable String value, String name) {
		if (value == null) {
			throw new IllegalStateException("Keycloak answered without a " + name);
		}
		return value;
	}

}
