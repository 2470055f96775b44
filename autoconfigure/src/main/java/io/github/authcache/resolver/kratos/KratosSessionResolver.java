/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.kratos;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.resolver.StepUpRequiredException;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.UpstreamUnavailableException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * Resolves Kratos session cookies and session tokens with {@code GET /sessions/whoami}.
 * <p>
 * 200 is an active session, 401 an inactive one (Kratos answers 401 for unknown, revoked
 * and expired sessions), and 403 {@code session_aal2_required} a
 * {@link StepUpRequiredException}. Anything else (5xx, 429, a timeout, a body that is not
 * a session) gives no verdict. The {@code Ory-Session-Cache-For} header bounds how long
 * the answer may be cached, and a rotated {@code Set-Cookie} is handed on for the client.
 * A 200 whose session does not parse (a malformed {@code expires_at}, traits that are not
 * an object) gives no verdict either. Every call carries
 * {@code Cache-Control: max-age=0}: the starter's own cache is the staleness budget, and
 * Ory Network's edge cache must not add its own on top.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class KratosSessionResolver implements IdentityResolver {

	private static final String UPSTREAM = "Kratos";

	private static final String AAL2_REQUIRED = "session_aal2_required";

	private final URI whoamiUri;

	private final UpstreamHttpClient http;

	private final JsonMapper json;

	private String cookieName = "ory_kratos_session";

	private Set<String> traits = Set.of();

	/**
	 * Create a resolver for the Kratos public API at the given base URL.
	 * @param publicBaseUrl the Kratos public base URL, for example
	 * {@code http://127.0.0.1:4433}
	 * @param http the HTTP client
	 * @param json the JSON mapper
	 */
	public KratosSessionResolver(URI publicBaseUrl, UpstreamHttpClient http, JsonMapper json) {
		Assert.notNull(publicBaseUrl, "'publicBaseUrl' must not be null");
		this.whoamiUri = URI.create(stripTrailingSlash(publicBaseUrl.toString()) + "/sessions/whoami");
		this.http = http;
		this.json = json;
	}

	/**
	 * Set the name of the session cookie to send to Kratos. Defaults to
	 * {@code ory_kratos_session}.
	 * @param cookieName the cookie name
	 */
	public void setCookieName(String cookieName) {
		Assert.hasText(cookieName, "'cookieName' must not be empty");
		this.cookieName = cookieName;
	}

	/**
	 * Set the identity traits to keep: the names of top-level traits, the only ones the
	 * {@link Identity} (and so every cache entry) then holds. Fewer traits make smaller
	 * entries and keep personal data the application does not read out of the cache.
	 * Defaults to none: every trait is kept.
	 * @param traits the names of the traits to keep, empty to keep them all
	 */
	public void setTraits(Collection<String> traits) {
		Assert.noNullElements(traits, "'traits' must not contain null elements");
		this.traits = Set.copyOf(traits);
	}

	@Override
	public boolean supports(CredentialType type) {
		return type == CredentialType.SESSION_COOKIE || type == CredentialType.SESSION_TOKEN;
	}

	@Override
	public String cacheNamespace() {
		return "kratos " + this.whoamiUri;
	}

	@Override
	public Resolution resolve(Credential credential) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.whoamiUri)
			.GET()
			.header("Accept", "application/json")
			.header("Cache-Control", "max-age=0");
		if (credential.type() == CredentialType.SESSION_COOKIE) {
			request.header("Cookie", this.cookieName + "=" + credential.value());
		}
		else {
			request.header("X-Session-Token", credential.value());
		}
		HttpResponse<byte[]> response = this.http.send(request, UPSTREAM);
		return switch (response.statusCode()) {
			case 200 -> active(response);
			case 401 -> new Resolution.Inactive(cacheFor(response));
			case 403 -> throw stepUpOrUnavailable(response);
			default -> throw UpstreamHttpClient.unexpected(response, UPSTREAM);
		};
	}

	private Resolution active(HttpResponse<byte[]> response) {
		try {
			return session(response, readBody(response));
		}
		catch (JacksonException | DateTimeException | IllegalArgumentException ex) {
			// A time that does not parse, traits that are not an object: no verdict
			throw new UpstreamUnavailableException("Kratos answered HTTP 200 with a malformed session", null, ex);
		}
	}

	private Resolution session(HttpResponse<byte[]> response, JsonNode session) {
		JsonNode identity = session.path("identity");
		String identityId = identity.path("id").asString(null);
		String sessionId = session.path("id").asString(null);
		if (identityId == null || sessionId == null) {
			throw new UpstreamUnavailableException("Kratos answered 200 without a session");
		}
		if (!session.path("active").asBoolean(false) || !"active".equals(identity.path("state").asString("active"))) {
			return new Resolution.Inactive(cacheFor(response));
		}
		Map<String, Object> attributes = new LinkedHashMap<>();
		putIfPresent(attributes, KratosAttributes.AAL, session.path("authenticator_assurance_level").asString(null));
		Instant authenticatedAt = instant(session.path("authenticated_at"));
		putIfPresent(attributes, KratosAttributes.AUTHENTICATED_AT,
				(authenticatedAt != null) ? authenticatedAt.getEpochSecond() : null);
		attributes.put(KratosAttributes.METHODS, methods(session));
		attributes.put(KratosAttributes.TRAITS, traits(identity.path("traits")));
		Identity resolved = new Identity(identityId, sessionId, null, instant(session.path("expires_at")), List.of(),
				attributes);
		return new Resolution.Active(resolved, cacheFor(response), response.headers().allValues("Set-Cookie"));
	}

	@SuppressWarnings("unchecked")
	private @Nullable Map<String, Object> traits(JsonNode traits) {
		Map<String, Object> all = this.json.convertValue(traits, Map.class);
		if (this.traits.isEmpty() || all == null) {
			return all;
		}
		Map<String, Object> kept = new LinkedHashMap<>();
		all.forEach((name, value) -> {
			if (this.traits.contains(name)) {
				kept.put(name, value);
			}
		});
		return kept;
	}

	private StepUpRequiredException stepUpOrUnavailable(HttpResponse<byte[]> response) {
		JsonNode body = readBody(response);
		if (!AAL2_REQUIRED.equals(body.path("error").path("id").asString(null))) {
			throw UpstreamHttpClient.unexpected(response, UPSTREAM);
		}
		String redirect = body.path("redirect_browser_to").asString(null);
		if (redirect == null) {
			redirect = body.path("error").path("details").path("redirect_browser_to").asString(null);
		}
		return new StepUpRequiredException(redirect, new String(response.body(), StandardCharsets.UTF_8));
	}

	private JsonNode readBody(HttpResponse<byte[]> response) {
		try {
			return this.json.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new UpstreamUnavailableException(
					"Kratos answered HTTP " + response.statusCode() + " with a body that is not JSON", null, ex);
		}
	}

	private static List<String> methods(JsonNode session) {
		List<String> methods = new ArrayList<>();
		for (JsonNode method : session.path("authentication_methods")) {
			String name = method.path("method").asString(null);
			if (name != null) {
				methods.add(name);
			}
		}
		return methods;
	}

	private static @Nullable Instant instant(JsonNode node) {
		String value = node.asString(null);
		return (value != null) ? OffsetDateTime.parse(value).toInstant() : null;
	}

	private static @Nullable Duration cacheFor(HttpResponse<?> response) {
		return response.headers().firstValue("Ory-Session-Cache-For").map(KratosSessionResolver::seconds).orElse(null);
	}

	private static @Nullable Duration seconds(String value) {
		try {
			return Duration.ofSeconds(Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static void putIfPresent(Map<String, Object> attributes, String name, @Nullable Object value) {
		if (value != null) {
			attributes.put(name, value);
		}
	}

	private static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
