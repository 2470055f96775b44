/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.introspection;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.UpstreamUnavailableException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;

/**
 * An access token of an OAuth 2.0 client, obtained with the client credentials grant (RFC
 * 6749, section 4.4) and used until shortly before it expires: what a Shared Signals
 * receiver authenticates its poll requests with at a transmitter that takes access tokens
 * (Keycloak: a token of the receiver's client with the {@code ssf.read} scope, valid five
 * minutes by default). The client authenticates with HTTP Basic
 * ({@code client_secret_basic}: its id and secret form-encoded first, as RFC 6749,
 * section 2.3.1, asks).
 * <p>
 * A token is renewed once three quarters of its lifetime ({@code expires_in}) have
 * passed, or at once after {@link #invalidate()} (the transmitter refused it); a token
 * without a lifetime is used until it is refused.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class ClientCredentialsToken {

	private static final String UPSTREAM_NAME = "ssf-token";

	private final UpstreamHttpClient http;

	private final JsonMapper json;

	private final URI tokenUri;

	private final String authorization;

	private @Nullable String scope;

	private Clock clock = Clock.systemUTC();

	private @Nullable String token;

	private @Nullable Instant renewAt;

	/**
	 * Create a token source.
	 * @param http the HTTP client
	 * @param json the JSON mapper
	 * @param tokenUri the authorization server's token endpoint
	 * @param clientId the client's id
	 * @param clientSecret the client's secret
	 */
	public ClientCredentialsToken(UpstreamHttpClient http, JsonMapper json, URI tokenUri, String clientId,
			String clientSecret) {
		Assert.notNull(http, "'http' must not be null");
		Assert.notNull(json, "'json' must not be null");
		Assert.notNull(tokenUri, "'tokenUri' must not be null");
		Assert.hasText(clientId, "'clientId' must not be empty");
		Assert.hasText(clientSecret, "'clientSecret' must not be empty");
		this.http = http;
		this.json = json;
		this.tokenUri = tokenUri;
		this.authorization = TokenEndpointRequests.basicAuthorization(clientId, clientSecret);
	}

	/**
	 * Set the scope to ask for. Defaults to none (the client's default scopes).
	 * @param scope the space-separated scopes
	 */
	public void setScope(@Nullable String scope) {
		this.scope = scope;
	}

	/**
	 * Set the clock that tells when a token is renewed. Defaults to the system clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	/**
	 * Return the current token, obtained first when there is none or it is due for
	 * renewal.
	 * @return the access token
	 * @throws UpstreamUnavailableException when the token endpoint gives no token
	 */
	public synchronized String get() {
		String token = this.token;
		if (token == null || (this.renewAt != null && !this.clock.instant().isBefore(this.renewAt))) {
			token = obtain();
		}
		return token;
	}

	/**
	 * Forget the current token, refused by the resource it was sent to, so that the next
	 * {@link #get()} obtains a new one.
	 */
	public synchronized void invalidate() {
		this.token = null;
		this.renewAt = null;
	}

	private String obtain() {
		Instant requestedAt = this.clock.instant();
		String form = TokenEndpointRequests.clientCredentialsForm(this.scope);
		HttpResponse<byte[]> response = this.http.send(HttpRequest.newBuilder(this.tokenUri)
			.header(HttpHeaders.AUTHORIZATION, this.authorization)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE)
			.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.POST(HttpRequest.BodyPublishers.ofString(form)), UPSTREAM_NAME);
		JsonNode answer = read(response);
		String token = answer.path("access_token").asString("");
		if (response.statusCode() != 200 || token.isEmpty()) {
			String error = answer.path("error").asString("");
			throw new UpstreamUnavailableException("The token endpoint answered " + response.statusCode()
					+ (error.isEmpty() ? " without an access token" : " " + error), null, null);
		}
		long lifetime = answer.path("expires_in").asLong(0);
		this.token = token;
		this.renewAt = (lifetime > 0) ? requestedAt.plus(Duration.ofSeconds(lifetime).multipliedBy(3).dividedBy(4))
				: null;
		return token;
	}

	private JsonNode read(HttpResponse<byte[]> response) {
		try {
			return this.json.readTree(response.body());
		}
		catch (JacksonException ex) {
			return MissingNode.getInstance();
		}
	}

}
