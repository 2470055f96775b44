/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import org.jspecify.annotations.Nullable;

/**
 * A received request, read fully so that endpoints and the recorder can share it.
 *
 * @author authcache authors
 */
final class StubRequest {

	private final String method;

	private final String path;

	private final @Nullable String rawQuery;

	private final Headers headers;

	private final byte[] body;

	private @Nullable Map<String, List<String>> form;

	StubRequest(String method, String path, @Nullable String rawQuery, Headers headers, byte[] body) {
		this.method = method.toUpperCase(Locale.ROOT);
		this.path = path;
		this.rawQuery = rawQuery;
		this.headers = headers;
		this.body = body;
	}

	String method() {
		return this.method;
	}

	String path() {
		return this.path;
	}

	@Nullable String rawQuery() {
		return this.rawQuery;
	}

	Map<String, List<String>> query() {
		return FormData.parse(this.rawQuery);
	}

	@Nullable String header(String name) {
		String value = this.headers.getFirst(name);
		return (value != null) ? value.trim() : null;
	}

	List<String> headerValues(String name) {
		List<String> values = this.headers.get(name);
		return (values != null) ? values : List.of();
	}

	Headers headers() {
		return this.headers;
	}

	byte[] body() {
		return this.body;
	}

	String bodyText() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	boolean hasFormContentType() {
		String contentType = header("Content-Type");
		return contentType != null
				&& contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
	}

	synchronized Map<String, List<String>> form() {
		if (this.form == null) {
			this.form = hasFormContentType() ? FormData.parse(bodyText()) : Map.of();
		}
		return this.form;
	}

	@Nullable String formValue(String name) {
		return FormData.first(form(), name);
	}

	RecordedRequest record() {
		return new RecordedRequest(this.method, this.path, this.rawQuery, this.headers, bodyText());
	}

}
