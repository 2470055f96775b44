/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.kratos;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.github.authcache.resolver.UpstreamDiagnostics;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.UpstreamMisconfiguredException;
import io.github.authcache.resolver.UpstreamUnavailableException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Revokes sessions at the Kratos admin API: {@code DELETE /admin/sessions/{id}} (one
 * session) and {@code DELETE /admin/identities/{id}/sessions} (all of an identity's
 * sessions). 204 and 404 (nothing to revoke) both mean the session is no longer valid;
 * 401 and 403 (the API key was refused) throw an {@link UpstreamMisconfiguredException}
 * and log the setting to check; anything else throws
 * {@link UpstreamUnavailableException}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class KratosAdminClient {

	private static final String UPSTREAM = "Kratos admin API";

	private final String adminBaseUrl;

	private final UpstreamHttpClient http;

	private final UpstreamDiagnostics diagnostics = new UpstreamDiagnostics();

	private @Nullable String apiKey;

	/**
	 * Create a client for the Kratos admin API at the given base URL.
	 * @param adminBaseUrl the admin base URL, for example {@code http://127.0.0.1:4434}
	 * @param http the HTTP client
	 */
	public KratosAdminClient(URI adminBaseUrl, UpstreamHttpClient http) {
		Assert.notNull(adminBaseUrl, "'adminBaseUrl' must not be null");
		String url = adminBaseUrl.toString();
		this.adminBaseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		this.http = http;
	}

	/**
	 * Authenticate with an Ory Network API key ({@code Authorization: Bearer}).
	 * Self-hosted Kratos has no admin authentication. Defaults to none.
	 * @param apiKey the API key
	 */
	public void setApiKey(String apiKey) {
		Assert.hasText(apiKey, "'apiKey' must not be empty");
		this.apiKey = apiKey;
	}

	/**
	 * Revoke one session.
	 * @param sessionId the session id
	 */
	public void revokeSession(String sessionId) {
		delete("/admin/sessions/" + encode(sessionId));
	}

	/**
	 * Revoke every session of an identity.
	 * @param identityId the identity id
	 */
	public void revokeSessions(String identityId) {
		delete("/admin/identities/" + encode(identityId) + "/sessions");
	}

	private void delete(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.adminBaseUrl + path))
			.DELETE()
			.header("Accept", "application/json");
		if (this.apiKey != null) {
			request.header("Authorization", "Bearer " + this.apiKey);
		}
		HttpResponse<byte[]> response = this.http.send(request, UPSTREAM);
		if (response.statusCode() == 401 || response.statusCode() == 403) {
			throw this.diagnostics.rejectedCredentials(response, UPSTREAM, "authcache.kratos.api-key");
		}
		if (response.statusCode() != 204 && response.statusCode() != 404) {
			throw UpstreamHttpClient.unexpected(response, UPSTREAM);
		}
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
