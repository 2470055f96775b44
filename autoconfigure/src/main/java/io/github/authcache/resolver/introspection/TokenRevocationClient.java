/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.introspection;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.authcache.resolver.UpstreamDiagnostics;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.UpstreamMisconfiguredException;
import io.github.authcache.resolver.UpstreamUnavailableException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Revokes tokens with OAuth 2.0 Token Revocation (RFC 7009), for example Ory Hydra's
 * {@code POST /oauth2/revoke}. The server answers 200 for revoked and for unknown tokens
 * alike; 401 {@code invalid_client} throws an {@link UpstreamMisconfiguredException} and
 * logs the settings to check; anything else throws {@link UpstreamUnavailableException}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class TokenRevocationClient {

	private static final String UPSTREAM = "Token revocation";

	private final URI revocationUri;

	private final UpstreamHttpClient http;

	private final UpstreamDiagnostics diagnostics = new UpstreamDiagnostics();

	private @Nullable String authorization;

	/**
	 * Create a client for the given revocation endpoint.
	 * @param revocationUri the revocation endpoint, for example
	 * {@code http://127.0.0.1:4444/oauth2/revoke}
	 * @param http the HTTP client
	 */
	public TokenRevocationClient(URI revocationUri, UpstreamHttpClient http) {
		Assert.notNull(revocationUri, "'revocationUri' must not be null");
		this.revocationUri = revocationUri;
		this.http = http;
	}

	/**
	 * Authenticate with HTTP Basic client credentials; the revocation endpoint requires
	 * the client the token was issued to.
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 */
	public void setClientCredentials(String clientId, String clientSecret) {
		this.authorization = TokenEndpointRequests.basicAuthorization(clientId, clientSecret);
	}

	/**
	 * Revoke an access token (and, at Hydra, the refresh token of the same grant).
	 * @param token the raw token
	 */
	public void revoke(String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.revocationUri)
			.POST(HttpRequest.BodyPublishers.ofString(TokenEndpointRequests.accessTokenForm(token)))
			.header("Content-Type", "application/x-www-form-urlencoded");
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		HttpResponse<byte[]> response = this.http.send(request, UPSTREAM);
		if (response.statusCode() == 401) {
			throw this.diagnostics.rejectedCredentials(response, UPSTREAM, TokenEndpointRequests.CLIENT_SETTINGS);
		}
		if (response.statusCode() != 200) {
			throw UpstreamHttpClient.unexpected(response, UPSTREAM);
		}
	}

}
