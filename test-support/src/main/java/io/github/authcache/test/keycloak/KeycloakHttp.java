/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The few HTTP calls the launcher makes to Keycloak: form posts to the OpenID Connect
 * endpoints (with HTTP Basic client authentication) and JSON calls to the admin REST API
 * (with a bearer token).
 *
 * @author authcache authors
 */
final class KeycloakHttp {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	HttpResponse<String> postForm(URI uri, Map<String, String> form, @Nullable String clientId,
			@Nullable String clientSecret) {
		return postForm(uri, form, clientId, clientSecret, Map.of());
	}

	HttpResponse<String> postForm(URI uri, Map<String, String> form, @Nullable String clientId,
			@Nullable String clientSecret, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.POST(HttpRequest.BodyPublishers.ofString(form(form)))
			.header("Content-Type", "application/x-www-form-urlencoded");
		headers.forEach(request::header);
		if (clientId != null && clientSecret != null) {
			String credentials = encode(clientId) + ":" + encode(clientSecret);
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return send(request);
	}

	HttpResponse<String> admin(String method, URI uri, String bearer, @Nullable Object body) {
		HttpRequest.BodyPublisher publisher = (body != null)
				? HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body))
				: HttpRequest.BodyPublishers.noBody();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.method(method, publisher)
			.header("Authorization", "Bearer " + bearer)
			.header("Accept", "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return send(request);
	}

	HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri).GET());
	}

	/**
	 * Return the JSON body of a response with the expected status.
	 * @param response the response
	 * @param expectedStatus the status it must have
	 * @return the body, a missing node when empty
	 */
	JsonNode read(HttpResponse<String> response, int expectedStatus) {
		expect(response, expectedStatus);
		return response.body().isEmpty() ? MissingNode.getInstance() : this.json.readTree(response.body());
	}

	static void expect(HttpResponse<String> response, int expectedStatus) {
		if (response.statusCode() != expectedStatus) {
			throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
					+ response.statusCode() + " (expected " + expectedStatus + "): " + response.body());
		}
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String form(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
