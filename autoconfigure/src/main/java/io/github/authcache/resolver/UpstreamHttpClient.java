/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The HTTP client the built-in resolvers call their upstream with: one pooled
 * {@link HttpClient} (HTTP/1.1, keep-alive) with a connect timeout, and a read timeout on
 * every request. Any failure to get an answer becomes an
 * {@link UpstreamUnavailableException}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class UpstreamHttpClient {

	private final HttpClient client;

	private final Duration readTimeout;

	/**
	 * Create a client with the given timeouts.
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for a response, from sending the request
	 */
	public UpstreamHttpClient(Duration connectTimeout, Duration readTimeout) {
		Assert.isTrue(!connectTimeout.isNegative() && !connectTimeout.isZero(), "'connectTimeout' must be positive");
		Assert.isTrue(!readTimeout.isNegative() && !readTimeout.isZero(), "'readTimeout' must be positive");
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.readTimeout = readTimeout;
	}

	/**
	 * Send the request and read the whole response.
	 * @param request the request, without a timeout (the client sets it)
	 * @param upstreamName the upstream's name, for error messages
	 * @return the response
	 * @throws UpstreamUnavailableException when no response arrives in time
	 */
	public HttpResponse<byte[]> send(HttpRequest.Builder request, String upstreamName) {
		try {
			return this.client.send(request.timeout(this.readTimeout).build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UpstreamUnavailableException(upstreamName + " did not answer: " + ex, null, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UpstreamUnavailableException(upstreamName + " call was interrupted", null, ex);
		}
	}

	/**
	 * Return the {@code Retry-After} delay of a response, when it is given in seconds.
	 * @param response the response
	 * @return the delay, or {@code null}
	 */
	public static @Nullable Duration retryAfter(HttpResponse<?> response) {
		Optional<String> value = response.headers().firstValue("Retry-After");
		if (value.isEmpty()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Long.parseLong(value.get().trim()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Return an exception for a response that carries no verdict.
	 * @param response the response
	 * @param upstreamName the upstream's name
	 * @return the exception
	 */
	public static UpstreamUnavailableException unexpected(HttpResponse<?> response, String upstreamName) {
		return new UpstreamUnavailableException(upstreamName + " answered HTTP " + response.statusCode(),
				retryAfter(response), null);
	}

}
