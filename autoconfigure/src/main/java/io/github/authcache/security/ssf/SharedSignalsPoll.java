/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.invalidation.RevocationFailedException;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.resolver.introspection.ClientCredentialsToken;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.Assert;

/**
 * Poll delivery of RFC 8936: each {@link #poll()} POSTs to the transmitter's poll
 * endpoint the acknowledgements and errors of the tokens received by the previous one,
 * and hands every token returned to the {@link SharedSignalsReceiver}. A token applied
 * here, or before by any instance (its {@code jti}), is acknowledged; a refused one is
 * reported in {@code setErrs} with its RFC 8935 error code; one that could not be applied
 * (the keys or Redis unavailable) is neither, so the transmitter delivers it again.
 * Several instances may poll one stream: each token is applied once.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class SharedSignalsPoll {

	/**
	 * The most polls one {@link #poll()} makes while the transmitter has more tokens.
	 */
	public static final int MAX_ROUNDS = 10;

	private static final Log logger = LogFactory.getLog(SharedSignalsPoll.class);

	private static final String UPSTREAM_NAME = "ssf-poll";

	private final SharedSignalsReceiver receiver;

	private final UpstreamHttpClient http;

	private final JsonMapper json;

	private final URI endpoint;

	private @Nullable String bearerToken;

	private @Nullable ClientCredentialsToken clientCredentials;

	private int maxEvents = 100;

	private final List<String> acks = new ArrayList<>();

	private final Map<String, Map<String, String>> errors = new LinkedHashMap<>();

	/**
	 * Create a poll.
	 * @param receiver the receiver of the tokens
	 * @param http the HTTP client
	 * @param json the JSON mapper
	 * @param endpoint the transmitter's poll endpoint of the stream
	 */
	public SharedSignalsPoll(SharedSignalsReceiver receiver, UpstreamHttpClient http, JsonMapper json, URI endpoint) {
		Assert.notNull(receiver, "'receiver' must not be null");
		Assert.notNull(http, "'http' must not be null");
		Assert.notNull(json, "'json' must not be null");
		Assert.notNull(endpoint, "'endpoint' must not be null");
		this.receiver = receiver;
		this.http = http;
		this.json = json;
		this.endpoint = endpoint;
	}

	/**
	 * Set the bearer token the poll requests authenticate with. Defaults to none.
	 * @param bearerToken the token
	 */
	public void setBearerToken(@Nullable String bearerToken) {
		this.bearerToken = bearerToken;
	}

	/**
	 * Set the client whose access tokens the poll requests authenticate with, in place of
	 * a {@link #setBearerToken fixed token}: a token the transmitter refuses (401) is
	 * replaced by a new one, and the request sent once more. Defaults to none.
	 * @param clientCredentials the client's tokens
	 */
	public void setClientCredentials(@Nullable ClientCredentialsToken clientCredentials) {
		this.clientCredentials = clientCredentials;
	}

	/**
	 * Set the most tokens one poll request asks for ({@code maxEvents}). Defaults to 100.
	 * @param maxEvents the most tokens
	 */
	public void setMaxEvents(int maxEvents) {
		Assert.isTrue(maxEvents > 0, "'maxEvents' must be positive");
		this.maxEvents = maxEvents;
	}

	/**
	 * Poll until the transmitter has no more tokens (at most {@link #MAX_ROUNDS} polls).
	 * @return how many tokens were received
	 * @throws UpstreamUnavailableException when the transmitter did not answer 200, or
	 * the client's token endpoint gave no token
	 */
	public synchronized int poll() {
		int received = 0;
		for (int round = 0; round < MAX_ROUNDS; round++) {
			JsonNode answer = exchange();
			JsonNode sets = answer.path("sets");
			for (Map.Entry<String, JsonNode> set : sets.properties()) {
				receive(set.getKey(), set.getValue().asString(""));
				received++;
			}
			if (!answer.path("moreAvailable").asBoolean(false) || sets.isEmpty()) {
				break;
			}
		}
		return received;
	}

	private JsonNode exchange() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ack", List.copyOf(this.acks));
		if (!this.errors.isEmpty()) {
			body.put("setErrs", Map.copyOf(this.errors));
		}
		body.put("maxEvents", this.maxEvents);
		body.put("returnImmediately", true);
		byte[] content = this.json.writeValueAsBytes(body);
		HttpResponse<byte[]> response = send(content);
		if (response.statusCode() == 401 && this.clientCredentials != null) {
			this.clientCredentials.invalidate();
			response = send(content);
		}
		if (response.statusCode() != 200) {
			throw new UpstreamUnavailableException(
					"The poll endpoint answered " + response.statusCode() + " (acknowledgements kept)", null, null);
		}
		// The transmitter took the acknowledgements
		this.acks.clear();
		this.errors.clear();
		try {
			return this.json.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new UpstreamUnavailableException("The poll endpoint answered no JSON", null, ex);
		}
	}

	private HttpResponse<byte[]> send(byte[] content) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(content));
		String bearerToken = (this.clientCredentials != null) ? this.clientCredentials.get() : this.bearerToken;
		if (bearerToken != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken);
		}
		return this.http.send(request, UPSTREAM_NAME);
	}

	private void receive(String jti, String token) {
		try {
			this.receiver.receive(token);
			this.acks.add(jti);
		}
		catch (InvalidSecurityEventTokenException ex) {
			logger.warn("Refused a polled Security Event Token (" + ex.getErrorCode() + "): " + ex.getMessage());
			this.errors.put(jti, Map.of("err", ex.getErrorCode(), "description", ex.getMessage()));
		}
		catch (JwtException | RevocationFailedException ex) {
			logger.warn("A polled Security Event Token could not be applied; it will be delivered again", ex);
		}
	}

}
