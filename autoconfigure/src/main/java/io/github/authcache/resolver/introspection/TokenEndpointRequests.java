/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.introspection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * What requests to an authorization server's token endpoints (introspection, revocation,
 * the token endpoint itself) share: their forms, and HTTP Basic client authentication
 * (RFC 6749 section 2.3.1).
 *
 * @author authcache authors
 */
final class TokenEndpointRequests {

	/**
	 * The properties that hold the credentials the starter authenticates to the token
	 * endpoints with.
	 */
	static final String CLIENT_SETTINGS = "authcache.introspection.client-id and client-secret "
			+ "(or authcache.introspection.api-key)";

	private TokenEndpointRequests() {
	}

	/**
	 * Return the form body that names an access token.
	 * @param token the token
	 * @return the {@code application/x-www-form-urlencoded} body
	 */
	static String accessTokenForm(String token) {
		return "token=" + formEncode(token) + "&token_type_hint=access_token";
	}

	/**
	 * Return the form body of a client credentials grant (RFC 6749 section 4.4).
	 * @param scope the space-separated scopes to ask for, or {@code null} for the
	 * client's default scopes
	 * @return the {@code application/x-www-form-urlencoded} body
	 */
	static String clientCredentialsForm(@Nullable String scope) {
		return "grant_type=client_credentials" + ((scope != null) ? "&scope=" + formEncode(scope) : "");
	}

	/**
	 * Return the {@code Authorization} header value for HTTP Basic client authentication.
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 * @return the header value
	 */
	static String basicAuthorization(String clientId, String clientSecret) {
		String pair = formEncode(clientId) + ":" + formEncode(clientSecret);
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	private static String formEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
