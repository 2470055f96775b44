/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo identity provider: a small HTTP server on a free loopback port that answers
 * like Ory Kratos ({@code GET /sessions/whoami}, {@code DELETE /admin/sessions/{id}},
 * {@code DELETE /admin/identities/{id}/sessions}) and Ory Hydra
 * ({@code POST /admin/oauth2/introspect}, {@code POST /oauth2/revoke}), 30 to 50 ms
 * slower than a cache hit. It knows one demo user with one session (token and cookie) and
 * one access token. The demo credentials are fixed, so the commands in docs/sample.md
 * work unchanged; they are only ever accepted by this server, which the sample starts
 * only when no identity provider is configured.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class DemoIdentityProvider implements AutoCloseable {

	/**
	 * Kratos identity id of the demo user, also the {@code sub} of the demo access token.
	 */
	public static final String IDENTITY_ID = "9f0c2a6e-8d0b-4c53-9a84-3f5d6f1e2b7a";

	/**
	 * Kratos session id of the demo session.
	 */
	public static final String SESSION_ID = "5b1e7c3a-2f4d-4e8b-b6a1-0c9d8e7f6a5b";

	/**
	 * Session token of the demo session ({@code X-Session-Token}).
	 */
	public static final String SESSION_TOKEN = "ory_st_DemoSessionTokenForAuthcache0001";

	/**
	 * Session cookie value of the demo session.
	 */
	public static final String SESSION_COOKIE = "MTc4MDAwMDAwMHxkZW1vLXNlc3Npb24tY29va2llLW9mLXRoZS1hdXRoY2FjaGUtc2FtcGxlfG5vdC1hLXJlYWwtc2VjdXJlY29va2ll";

	/**
	 * Opaque access token of the demo user ({@code Authorization: Bearer}).
	 */
	public static final String ACCESS_TOKEN = "ory_at_DemoAccessTokenOfTheAuthcacheSample.DemoSignatureNotIssuedByHydra";

	/**
	 * JWT id ({@code jti}) of the demo access token, for the JTI blacklist demo. Hydra's
	 * own opaque tokens carry none; RFC 7662 servers such as Spring Authorization Server
	 * do.
	 */
	public static final String ACCESS_TOKEN_JTI = "demo-access-token-jti";

	/**
	 * OAuth 2.0 client id the demo access token was issued to.
	 */
	public static final String CLIENT_ID = "authcache-sample";

	private static final Duration LIFESPAN = Duration.ofHours(24);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor;

	private final String cookieName;

	private final Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private volatile boolean sessionActive = true;

	private volatile boolean accessTokenActive = true;

	private DemoIdentityProvider(String cookieName) throws IOException {
		this.cookieName = cookieName;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.executor = Executors.newFixedThreadPool(8, (task) -> {
			Thread thread = new Thread(task, "demo-identity-provider");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
	}

	/**
	 * Start the demo identity provider on a free loopback port.
	 * @param sessionCookieName the name of the Kratos session cookie
	 * @return the running provider
	 */
	public static DemoIdentityProvider start(String sessionCookieName) {
		try {
			DemoIdentityProvider provider = new DemoIdentityProvider(sessionCookieName);
			provider.server.start();
			return provider;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to start the demo identity provider", ex);
		}
	}

	/**
	 * Return the base URL, the Kratos public and admin URL alike.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Return the RFC 7662 introspection endpoint.
	 * @return the introspection URI
	 */
	public String introspectionUri() {
		return baseUrl() + "/admin/oauth2/introspect";
	}

	/**
	 * Return the RFC 7009 revocation endpoint.
	 * @return the revocation URI
	 */
	public String revocationUri() {
		return baseUrl() + "/oauth2/revoke";
	}

	/**
	 * Return the name of the Kratos session cookie.
	 * @return the cookie name
	 */
	public String cookieName() {
		return this.cookieName;
	}

	/**
	 * Stop the server.
	 */
	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	@Override
	public String toString() {
		return "DemoIdentityProvider[" + baseUrl() + "]";
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			sleep(ThreadLocalRandom.current().nextLong(30, 51));
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			if ("GET".equals(method) && "/sessions/whoami".equals(path)) {
				whoami(exchange);
			}
			else if ("POST".equals(method) && "/admin/oauth2/introspect".equals(path)) {
				boolean active = this.accessTokenActive && ACCESS_TOKEN.equals(formToken(exchange));
				send(exchange, 200, active ? introspection() : Map.of("active", false));
			}
			else if ("POST".equals(method) && "/oauth2/revoke".equals(path)) {
				if (ACCESS_TOKEN.equals(formToken(exchange))) {
					this.accessTokenActive = false;
				}
				send(exchange, 200, null);
			}
			else if ("DELETE".equals(method) && (path.equals("/admin/sessions/" + SESSION_ID)
					|| path.equals("/admin/identities/" + IDENTITY_ID + "/sessions"))) {
				this.sessionActive = false;
				send(exchange, 204, null);
			}
			else {
				send(exchange, 404, error(404, "Not Found", "The requested resource could not be found"));
			}
		}
	}

	private void whoami(HttpExchange exchange) throws IOException {
		if (this.sessionActive && presentsDemoSession(exchange)) {
			exchange.getResponseHeaders().set("Cache-Control", "private, no-cache, no-store, must-revalidate");
			send(exchange, 200, session());
		}
		else {
			send(exchange, 401, error(401, "Unauthorized", "No valid session credentials found in the request."));
		}
	}

	private boolean presentsDemoSession(HttpExchange exchange) {
		String token = exchange.getRequestHeaders().getFirst("X-Session-Token");
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (SESSION_TOKEN.equals(token) || ("Bearer " + SESSION_TOKEN).equals(authorization)) {
			return true;
		}
		List<String> cookies = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
		String demoCookie = this.cookieName + "=" + SESSION_COOKIE;
		return cookies.stream()
			.flatMap((header) -> List.of(header.split(";")).stream())
			.anyMatch((cookie) -> demoCookie.equals(cookie.trim()));
	}

	private Map<String, Object> session() {
		Map<String, Object> traits = new LinkedHashMap<>();
		traits.put("email", "demo@example.org");
		traits.put("name", "Demo User");
		Map<String, Object> identity = new LinkedHashMap<>();
		identity.put("id", IDENTITY_ID);
		identity.put("schema_id", "default");
		identity.put("state", "active");
		identity.put("traits", traits);
		Map<String, Object> session = new LinkedHashMap<>();
		session.put("id", SESSION_ID);
		session.put("active", true);
		session.put("expires_at", this.issuedAt.plus(LIFESPAN).toString());
		session.put("authenticated_at", this.issuedAt.toString());
		session.put("authenticator_assurance_level", "aal1");
		session.put("authentication_methods",
				List.of(Map.of("method", "password", "aal", "aal1", "completed_at", this.issuedAt.toString())));
		session.put("issued_at", this.issuedAt.toString());
		session.put("identity", identity);
		return session;
	}

	private Map<String, Object> introspection() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("active", true);
		claims.put("scope", "read write");
		claims.put("client_id", CLIENT_ID);
		claims.put("sub", IDENTITY_ID);
		claims.put("exp", this.issuedAt.plus(LIFESPAN).getEpochSecond());
		claims.put("iat", this.issuedAt.getEpochSecond());
		claims.put("nbf", this.issuedAt.getEpochSecond());
		claims.put("aud", List.of());
		claims.put("iss", baseUrl() + "/");
		claims.put("token_type", "Bearer");
		claims.put("token_use", "access_token");
		claims.put("jti", ACCESS_TOKEN_JTI);
		return claims;
	}

	private static Map<String, Object> error(int code, String status, String reason) {
		return Map.of("error", Map.of("code", code, "status", status, "reason", reason));
	}

	private static @Nullable String formToken(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			String form = new String(body.readNBytes(8192), StandardCharsets.UTF_8);
			for (String pair : form.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0 && "token".equals(pair.substring(0, equals))) {
					return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
				}
			}
			return null;
		}
	}

	private static void send(HttpExchange exchange, int status, @Nullable Object body) throws IOException {
		if (body == null) {
			exchange.sendResponseHeaders(status, -1);
			return;
		}
		byte[] bytes = json.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
