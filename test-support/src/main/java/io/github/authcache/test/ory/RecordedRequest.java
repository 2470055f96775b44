/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A request received by an {@link OryStub}, kept so that tests can assert what reached
 * the identity provider. {@link #toString()} never prints header values or the body,
 * because they carry credentials.
 *
 * @param method the HTTP method
 * @param path the decoded path
 * @param query the raw query string, or {@code null}
 * @param headers the headers, keyed by lower-case name
 * @param body the request body as UTF-8 text
 * @author authcache authors
 * @since 0.1.0
 */
public record RecordedRequest(String method, String path, @Nullable String query, Map<String, List<String>> headers,
		String body) {

	/**
	 * Create a new instance, copying the headers.
	 */
	public RecordedRequest {
		Map<String, List<String>> copy = new TreeMap<>();
		headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		headers = Collections.unmodifiableMap(copy);
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name (any case)
	 * @return the value or {@code null}
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/**
	 * Return all values of a header.
	 * @param name the header name (any case)
	 * @return the values, possibly empty
	 */
	public List<String> headerValues(String name) {
		return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
	}

	/**
	 * Return the first value of a form parameter of an
	 * {@code application/x-www-form-urlencoded} body.
	 * @param name the parameter name
	 * @return the value or {@code null}
	 */
	public @Nullable String formParameter(String name) {
		List<String> values = FormData.parse(this.body).get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	@Override
	public String toString() {
		return "RecordedRequest[" + this.method + " " + this.path + ", headers=" + this.headers.keySet() + ", body="
				+ this.body.length() + " chars]";
	}

}
