/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Kratos public {@code /sessions/whoami}, the admin session endpoints and the API logout,
 * following ory-wire.md sections 1 and 2.
 *
 * @author authcache authors
 */
final class KratosEndpoints {

	static final String NO_CACHE = "private, no-cache, no-store, must-revalidate";

	private final SessionStore sessions;

	private final StubSettings settings;

	private final Supplier<String> baseUrl;

	KratosEndpoints(SessionStore sessions, StubSettings settings, Supplier<String> baseUrl) {
		this.sessions = sessions;
		this.settings = settings;
		this.baseUrl = baseUrl;
	}

	StubResponse whoami(StubRequest request) {
		StubResponse response = answerWhoami(request);
		if ("GET".equals(request.method())) {
			response.header("Cache-Control", NO_CACHE);
		}
		return response;
	}

	private StubResponse answerWhoami(StubRequest request) {
		String requestId = request.header("X-Request-ID");
		List<String> tokenizeAs = request.query().get("tokenize_as");
		if (tokenizeAs != null && !tokenizeAs.isEmpty()) {
			return OryErrors.badRequest(requestId, "Unable to find tokenizer template \"" + tokenizeAs.get(0) + "\".");
		}
		Presented presented = presentedCredential(request);
		if (presented == null) {
			StubResponse response = OryErrors.noSession(requestId);
			return (this.settings.sessionCacheMaxAge() != null) ? response.header("Ory-Session-Cache-For", "60")
					: response;
		}
		Instant now = this.settings.clock().instant();
		KratosSessionSpec session = presented.session();
		if (session == null || !session.isActiveAt(now)) {
			return OryErrors.noSession(requestId);
		}
		if (session.requiresAal2()) {
			return OryErrors.aal2Required(this.baseUrl.get());
		}
		StubResponse response = StubResponse.of(200, StubResponse.JSON_UTF8,
				OryJson.session(session, this.baseUrl.get()));
		response.header("X-Kratos-Authenticated-Identity-Id", session.identityId());
		Duration maxAge = this.settings.sessionCacheMaxAge();
		if (maxAge != null) {
			long seconds = Math.min(Duration.between(now, session.expiresAt()).toSeconds(), maxAge.toSeconds());
			response.header("Ory-Session-Cache-For", Long.toString(Math.max(0, seconds)));
		}
		if (presented.cookie() != null) {
			String rotated = this.sessions.rotateIfExtended(session.sessionId(), presented.cookie());
			if (rotated != null) {
				response.header("Set-Cookie", setCookie(rotated, session.expiresAt(), now));
			}
		}
		return response;
	}

	private String setCookie(String value, Instant expiresAt, Instant now) {
		return this.settings.sessionCookieName() + "=" + value + "; Path=/; Expires="
				+ DateTimeFormatter.RFC_1123_DATE_TIME.format(expiresAt.atOffset(ZoneOffset.UTC)) + "; Max-Age="
				+ Math.max(0, Duration.between(now, expiresAt).toSeconds()) + "; HttpOnly; SameSite=Lax";
	}

	/**
	 * Resolve the credential with Kratos's precedence: {@code X-Session-Token}, then the
	 * session cookie (an unknown cookie value counts as undecodable and falls through),
	 * then {@code Authorization: Bearer}.
	 * @param request the request
	 * @return the credential presented, if any
	 */
	private @Nullable Presented presentedCredential(StubRequest request) {
		String sessionToken = request.header("X-Session-Token");
		if (sessionToken != null && !sessionToken.isEmpty()) {
			return new Presented(this.sessions.byToken(sessionToken).orElse(null), null);
		}
		String cookie = cookieValue(request);
		if (cookie != null) {
			Optional<KratosSessionSpec> session = this.sessions.byCookie(cookie);
			if (session.isPresent()) {
				return new Presented(session.get(), cookie);
			}
		}
		String authorization = request.header("Authorization");
		if (authorization != null) {
			String[] parts = authorization.split(" ");
			if (parts.length == 2 && parts[0].equalsIgnoreCase("bearer")) {
				return new Presented(this.sessions.byToken(parts[1]).orElse(null), null);
			}
		}
		return (cookie != null) ? new Presented(null, null) : null;
	}

	private @Nullable String cookieValue(StubRequest request) {
		for (String header : request.headerValues("Cookie")) {
			for (String pair : header.split(";")) {
				String trimmed = pair.trim();
				int equals = trimmed.indexOf('=');
				if (equals > 0 && trimmed.substring(0, equals).trim().equals(this.settings.sessionCookieName())) {
					String value = trimmed.substring(equals + 1).trim();
					if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
						value = value.substring(1, value.length() - 1);
					}
					return value.isEmpty() ? null : value;
				}
			}
		}
		return null;
	}

	StubResponse disableSession(StubRequest request, String sessionId) {
		String requestId = request.header("X-Request-ID");
		if (!isUuid(sessionId)) {
			return OryErrors.badRequest(requestId, "Unable to parse UUID: " + sessionId);
		}
		return this.sessions.update(sessionId, (session) -> session.toBuilder().active(false).build())
			.map((session) -> StubResponse.empty(204))
			.orElseGet(() -> OryErrors.notFound(requestId));
	}

	StubResponse deleteIdentitySessions(StubRequest request, String identityId) {
		String requestId = request.header("X-Request-ID");
		if (!isUuid(identityId)) {
			return OryErrors.badRequest(requestId, "Unable to parse UUID: " + identityId);
		}
		return (this.sessions.deleteByIdentity(identityId) > 0) ? StubResponse.empty(204)
				: OryErrors.notFound(requestId);
	}

	StubResponse extendSession(StubRequest request, String sessionId) {
		String requestId = request.header("X-Request-ID");
		if (!isUuid(sessionId)) {
			return OryErrors.badRequest(requestId, "Unable to parse UUID: " + sessionId);
		}
		Instant expiresAt = this.settings.clock().instant().plus(this.settings.sessionLifespan());
		return this.sessions
			.update(sessionId, (session) -> session.toBuilder().expiresAt(expiresAt).extended(true).build())
			.map((session) -> StubResponse.of(200, StubResponse.JSON_UTF8,
					OryJson.session(session, this.baseUrl.get())))
			.orElseGet(() -> OryErrors.notFound(requestId));
	}

	StubResponse logoutApi(StubRequest request) {
		String requestId = request.header("X-Request-ID");
		String token;
		try {
			JsonNode body = OryJson.parse(request.bodyText());
			JsonNode field = body.get("session_token");
			token = (field != null && field.isString()) ? field.asString() : null;
		}
		catch (JacksonException ex) {
			token = null;
		}
		if (token == null || token.isEmpty()) {
			return OryErrors.badRequest(requestId, "The request body must contain a session_token.");
		}
		Optional<KratosSessionSpec> session = this.sessions.byToken(token);
		if (session.isEmpty()) {
			return OryErrors.herodot(403, "Forbidden", requestId,
					"The provided Ory Session Token could not be found, is invalid, or otherwise malformed.",
					"The requested action was forbidden");
		}
		this.sessions.update(session.get().sessionId(), (s) -> s.toBuilder().active(false).build());
		return StubResponse.empty(204);
	}

	private static boolean isUuid(String value) {
		try {
			UUID.fromString(value);
			return value.length() == 36;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private record Presented(@Nullable KratosSessionSpec session, @Nullable String cookie) {

	}

}
