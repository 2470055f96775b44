/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response to write: status, headers in order, and body bytes (empty for none).
 *
 * @author authcache authors
 */
final class StubResponse {

	static final String JSON_UTF8 = "application/json; charset=utf-8";

	static final String JSON = "application/json";

	static final String OAUTH2_JSON = "application/json;charset=UTF-8";

	private final int status;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private final byte[] body;

	private StubResponse(int status, byte[] body) {
		this.status = status;
		this.body = body;
	}

	static StubResponse of(int status, String contentType, String body) {
		return new StubResponse(status, body.getBytes(StandardCharsets.UTF_8)).header("Content-Type", contentType);
	}

	static StubResponse empty(int status) {
		return new StubResponse(status, new byte[0]);
	}

	StubResponse header(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

	StubResponse noStore() {
		return header("Cache-Control", "no-store").header("Pragma", "no-cache");
	}

	int status() {
		return this.status;
	}

	Map<String, String> headers() {
		return this.headers;
	}

	byte[] body() {
		return this.body;
	}

}
