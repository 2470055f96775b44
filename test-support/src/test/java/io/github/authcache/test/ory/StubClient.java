/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Minimal {@link HttpClient} wrapper for stub tests.
 */
final class StubClient {

	static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final OryStub stub;

	StubClient(OryStub stub) {
		this.stub = stub;
	}

	HttpResponse<String> send(String method, String path, String... headers) {
		return sendWithBody(method, path, null, headers);
	}

	HttpResponse<String> sendWithBody(String method, String path, String body, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.stub.baseUrl() + path)), method, body, headers);
	}

	HttpResponse<String> send(HttpRequest.Builder builder, String method, String body, String... headers) {
		builder.timeout(Duration.ofSeconds(5));
		builder.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		try {
			return this.client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpResponse<String> whoami(String... headers) {
		return send("GET", "/sessions/whoami", headers);
	}

	HttpResponse<String> form(String path, String form, String... headers) {
		List<String> all = new ArrayList<>(List.of("Content-Type", "application/x-www-form-urlencoded"));
		all.addAll(List.of(headers));
		return sendWithBody("POST", path, form, all.toArray(String[]::new));
	}

	HttpClient client() {
		return this.client;
	}

	static JsonNode parse(String body) {
		return json.readTree(body);
	}

	static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	static String fixture(String name) {
		try (InputStream in = StubClient.class.getResourceAsStream("/fixtures/" + name)) {
			if (in == null) {
				throw new IllegalStateException("Missing fixture " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
