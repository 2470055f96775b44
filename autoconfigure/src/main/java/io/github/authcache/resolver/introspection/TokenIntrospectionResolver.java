/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.introspection;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.IdentityValidator;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.resolver.UpstreamDiagnostics;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.UpstreamMisconfiguredException;
import io.github.authcache.resolver.UpstreamUnavailableException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * Resolves OAuth 2.0 access tokens with Token Introspection (RFC 7662), as served by Ory
 * Hydra ({@code POST /admin/oauth2/introspect}), Spring Authorization Server, Keycloak
 * and others.
 * <p>
 * {@code active: true} is an active token whose claims become the identity's attributes
 * and whose scopes become {@code SCOPE_…} authorities; {@code active: false} is an
 * inactive one; an answer without {@code client_id} takes the client from {@code azp}, as
 * Keycloak names it. Any other answer gives no verdict: 401 and 403 (the starter's client
 * credentials were refused) as an {@link UpstreamMisconfiguredException} logged at WARN
 * with the settings to check, and a WARN too when 20 tokens in a row are inactive (a
 * missing audience mapper, another issuer). The introspection endpoint is called with
 * HTTP Basic client credentials, a bearer API key (Ory Network), or nothing (self-hosted
 * Hydra's admin port). The checks of {@link IntrospectionValidator} run on every request.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class TokenIntrospectionResolver implements IdentityResolver {

	private static final String UPSTREAM = "Token introspection";

	private static final String SCOPE_AUTHORITY_PREFIX = "SCOPE_";

	private static final int INACTIVE_WARNING_THRESHOLD = 20;

	/**
	 * Claims the identity holds in fields of its own (subject, expiry), or that are
	 * implied by an answer at all.
	 */
	private static final Set<String> STORED_ELSEWHERE = Set.of(IntrospectionClaims.ACTIVE, IntrospectionClaims.SUB,
			IntrospectionClaims.EXP);

	private final URI introspectionUri;

	private final UpstreamHttpClient http;

	private final JsonMapper json;

	private @Nullable String authorization;

	private final UpstreamDiagnostics diagnostics = new UpstreamDiagnostics();

	private final AtomicInteger inactiveInARow = new AtomicInteger();

	private IntrospectionValidator validator = new IntrospectionValidator();

	/**
	 * Create a resolver for the given introspection endpoint.
	 * @param introspectionUri the introspection endpoint, for example
	 * {@code http://127.0.0.1:4445/admin/oauth2/introspect}
	 * @param http the HTTP client
	 * @param json the JSON mapper
	 */
	public TokenIntrospectionResolver(URI introspectionUri, UpstreamHttpClient http, JsonMapper json) {
		Assert.notNull(introspectionUri, "'introspectionUri' must not be null");
		this.introspectionUri = introspectionUri;
		this.http = http;
		this.json = json;
	}

	/**
	 * Authenticate to the introspection endpoint with HTTP Basic client credentials (RFC
	 * 6749 section 2.3.1).
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 */
	public void setClientCredentials(String clientId, String clientSecret) {
		this.authorization = TokenEndpointRequests.basicAuthorization(clientId, clientSecret);
	}

	/**
	 * Authenticate to the introspection endpoint with a bearer API key, as Ory Network
	 * requires.
	 * @param apiKey the API key
	 */
	public void setApiKey(String apiKey) {
		Assert.hasText(apiKey, "'apiKey' must not be empty");
		this.authorization = "Bearer " + apiKey;
	}

	/**
	 * Set the checks every request runs. Defaults to an {@link IntrospectionValidator}
	 * that only rejects tokens whose {@code token_use} is not {@code access_token}.
	 * @param validator the validator
	 */
	public void setValidator(IntrospectionValidator validator) {
		Assert.notNull(validator, "'validator' must not be null");
		this.validator = validator;
	}

	@Override
	public boolean supports(CredentialType type) {
		return type == CredentialType.ACCESS_TOKEN;
	}

	@Override
	public String cacheNamespace() {
		return "introspection " + this.introspectionUri;
	}

	@Override
	public IdentityValidator validator() {
		return this.validator;
	}

	@Override
	public Resolution resolve(Credential credential) {
		String form = TokenEndpointRequests.accessTokenForm(credential.value());
		HttpRequest.Builder request = HttpRequest.newBuilder(this.introspectionUri)
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json");
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		HttpResponse<byte[]> response = this.http.send(request, UPSTREAM);
		if (response.statusCode() == 401 || response.statusCode() == 403) {
			throw this.diagnostics.rejectedCredentials(response, UPSTREAM, TokenEndpointRequests.CLIENT_SETTINGS);
		}
		if (response.statusCode() != 200) {
			throw UpstreamHttpClient.unexpected(response, UPSTREAM);
		}
		JsonNode body = readBody(response);
		if (!body.path(IntrospectionClaims.ACTIVE).asBoolean(false)) {
			inactive();
			return new Resolution.Inactive();
		}
		Identity identity = identity(body);
		this.inactiveInARow.set(0);
		return new Resolution.Active(identity);
	}

	/**
	 * Count an inactive answer. Many in a row and none active is what a configuration
	 * error looks like (the tokens are for another audience or another issuer), not what
	 * users do: say so, at most once a minute.
	 */
	private void inactive() {
		int inARow = this.inactiveInARow.incrementAndGet();
		if (inARow >= INACTIVE_WARNING_THRESHOLD) {
			this.diagnostics.warn("inactive", () -> UPSTREAM + " answered active:false to the last " + inARow
					+ " tokens in a row. If those tokens are valid, check that authcache.introspection.uri belongs to"
					+ " their issuer, that this client is in their audience (Keycloak 26.6 and later need an audience"
					+ " mapper on the client that requests them) and authcache.introspection.required-audiences");
		}
	}

	private Identity identity(JsonNode body) {
		JsonNode exp = body.path(IntrospectionClaims.EXP);
		if (!exp.isMissingNode() && !exp.isNull() && !exp.isNumber()) {
			throw new UpstreamUnavailableException("Token introspection answered an exp that is not a number");
		}
		Map<String, Object> attributes = new LinkedHashMap<>();
		try {
			body.properties().forEach((entry) -> {
				if (!STORED_ELSEWHERE.contains(entry.getKey()) && !entry.getValue().isNull()) {
					attributes.put(entry.getKey(), this.json.convertValue(entry.getValue(), Object.class));
				}
			});
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new UpstreamUnavailableException("Token introspection answered a malformed body", null, ex);
		}
		// Keycloak names the client in azp only
		String azp = body.path(IntrospectionClaims.AZP).asString(null);
		if (!attributes.containsKey(IntrospectionClaims.CLIENT_ID) && azp != null) {
			attributes.put(IntrospectionClaims.CLIENT_ID, azp);
		}
		String subject = body.path(IntrospectionClaims.SUB).asString(null);
		if (subject == null && attributes.get(IntrospectionClaims.CLIENT_ID) instanceof String clientId) {
			subject = clientId;
		}
		if (subject == null) {
			throw new UpstreamUnavailableException("Token introspection answered active without sub or client_id");
		}
		Instant expiresAt = exp.isNumber() ? Instant.ofEpochSecond(exp.asLong()) : null;
		return new Identity(subject, body.path(IntrospectionClaims.SID).asString(null),
				body.path(IntrospectionClaims.JTI).asString(null), expiresAt, authorities(body), attributes);
	}

	private static List<String> authorities(JsonNode body) {
		List<String> authorities = new ArrayList<>();
		for (String scope : IntrospectionClaims.scopes(body.path(IntrospectionClaims.SCOPE).asString(""))) {
			authorities.add(SCOPE_AUTHORITY_PREFIX + scope);
		}
		return authorities;
	}

	private JsonNode readBody(HttpResponse<byte[]> response) {
		try {
			return this.json.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new UpstreamUnavailableException("Token introspection answered with a body that is not JSON", null,
					ex);
		}
	}

}
