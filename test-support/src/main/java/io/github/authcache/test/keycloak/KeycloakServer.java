/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;

/**
 * A real Keycloak server: the {@code org.keycloak:keycloak-quarkus-dist} zip unpacked
 * into a temporary directory of its own and started in dev mode
 * ({@code bin/kc.sh start-dev}) on a free port on {@code 127.0.0.1}, with the realm of
 * {@link KeycloakRealm} set up through the admin REST API. Keycloak needs Java 21+: the
 * runtime is taken from {@code $KEYCLOAK_JAVA_HOME}, {@code $JAVA_HOME}, this JVM or the
 * newest JDK under {@code /usr/lib/jvm}. When none is found, starting fails when the
 * environment variable {@code CI} is set (or the system property
 * {@code authcache.keycloak.required} is {@code true}), and otherwise aborts the calling
 * test (JUnit reports it as skipped) with a message that says why.
 * <p>
 * Starting takes 30 seconds on a quiet two-core machine and up to two and a half minutes
 * on a loaded one (dev mode builds the distribution first), so tests share one server per
 * JVM through {@link #shared()}, which a shutdown hook stops.
 *
 * <pre class="code">
 * KeycloakServer keycloak = KeycloakServer.shared();
 * KeycloakTokens tokens = keycloak.passwordGrant(KeycloakRealm.USER);
 * </pre>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class KeycloakServer implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private static final String ADMIN = "admin";

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

	private static @Nullable KeycloakServer shared;

	private static @Nullable RuntimeException sharedFailure;

	private final String version;

	private final KeycloakProcess process;

	private final String baseUrl;

	private final KeycloakHttp http = new KeycloakHttp();

	private final KeycloakAdmin admin;

	private Duration startupTime = Duration.ZERO;

	private KeycloakServer(String version, KeycloakProcess process, int port, String adminPassword) {
		this.version = version;
		this.process = process;
		this.baseUrl = "http://" + HOST + ":" + port;
		this.admin = new KeycloakAdmin(this.baseUrl, ADMIN, adminPassword, this.http);
	}

	/**
	 * Return the server shared by every test of this JVM, starting it on first use. A
	 * shutdown hook stops it. A failed start is remembered and thrown again.
	 * @return the shared server
	 */
	public static synchronized KeycloakServer shared() {
		if (sharedFailure != null) {
			throw sharedFailure;
		}
		if (shared == null) {
			try {
				shared = start();
			}
			catch (IllegalStateException | UncheckedIOException ex) {
				sharedFailure = ex;
				throw ex;
			}
		}
		return shared;
	}

	/**
	 * Start a server of its own; {@link #close()} stops it.
	 * @return the started server, its realm set up
	 */
	public static KeycloakServer start() {
		return start(List.of());
	}

	/**
	 * Start a server of its own with options of {@code kc.sh start}, for example
	 * experimental features ({@code --features=ssf}) or provider settings
	 * ({@code --spi-<spi>--<provider>--<option>=<value>}); {@link #close()} stops it.
	 * @param options the options
	 * @return the started server, its realm set up
	 */
	public static KeycloakServer startWithOptions(String... options) {
		if (options.length == 0) {
			throw new IllegalArgumentException("'options' must not be empty");
		}
		return start(List.of(options));
	}

	private static KeycloakServer start(List<String> options) {
		Path javaHome = JavaRuntimes.find().orElseGet(KeycloakServer::noJavaRuntime);
		KeycloakDistribution distribution = KeycloakDistribution.fromBuild();
		long started = System.nanoTime();
		Path directory = KeycloakProcess.createDirectory();
		Path home = distribution.unpack(directory);
		long unpacked = System.nanoTime();
		int port = freePort();
		String adminPassword = UUID.randomUUID().toString();
		KeycloakServer server = new KeycloakServer(distribution.version(),
				KeycloakProcess.start(directory, home, javaHome, HOST, port, Map.entry(ADMIN, adminPassword), options),
				port, adminPassword);
		try {
			server.process.awaitReady(server::isReady, STARTUP_TIMEOUT);
			long ready = System.nanoTime();
			server.admin.createRealm();
			server.startupTime = Duration.ofNanos(System.nanoTime() - started);
			System.out.printf(
					"Keycloak %s on %s with Java %d (%s) started in %d ms: unpacked in %d ms, "
							+ "ready after %d ms more, realm set up in %d ms%n",
					server.version, server.baseUrl, JavaRuntimes.version(javaHome), javaHome,
					server.startupTime.toMillis(), millis(started, unpacked), millis(unpacked, ready),
					millis(ready, System.nanoTime()));
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	/**
	 * Return the Keycloak version.
	 * @return the version, for example {@code 26.7.3}
	 */
	public String version() {
		return this.version;
	}

	/**
	 * Return how long {@link #start()} took, unpacking and realm set-up included.
	 * @return the startup time
	 */
	public Duration startupTime() {
		return this.startupTime;
	}

	/**
	 * Return the server's base URL.
	 * @return the base URL, for example {@code http://127.0.0.1:39123}
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Return the issuer of the realm's tokens: it names the host the client used, so
	 * {@code localhost} and {@code 127.0.0.1} are different issuers.
	 * @return the issuer
	 */
	public String issuer() {
		return this.baseUrl + "/realms/" + KeycloakRealm.NAME;
	}

	/**
	 * Return the realm's token introspection endpoint (RFC 7662).
	 * @return the endpoint
	 */
	public String introspectionUri() {
		return endpoint("/token/introspect");
	}

	/**
	 * Return the realm's token revocation endpoint (RFC 7009).
	 * @return the endpoint
	 */
	public String revocationUri() {
		return endpoint("/revoke");
	}

	/**
	 * Return the realm's JWK Set endpoint.
	 * @return the endpoint
	 */
	public String jwkSetUri() {
		return endpoint("/certs");
	}

	/**
	 * Return the realm's token endpoint.
	 * @return the endpoint
	 */
	public String tokenUri() {
		return endpoint("/token");
	}

	/**
	 * Log a user in with the password grant through {@link KeycloakRealm#WEB_APP}, with
	 * the {@code openid} scope, so the answer holds an access, a refresh and an ID token
	 * of a new user session.
	 * @param username {@link KeycloakRealm#USER} or {@link KeycloakRealm#OTHER_USER}
	 * @return the tokens
	 */
	public KeycloakTokens passwordGrant(String username) {
		return token(Map.of("grant_type", "password", "scope", "openid", "username", username, "password",
				KeycloakRealm.password(username)), KeycloakRealm.WEB_APP, KeycloakRealm.WEB_APP_SECRET);
	}

	/**
	 * Get an access token with the client-credentials grant.
	 * @param clientId {@link KeycloakRealm#BATCH_JOB} or
	 * {@link KeycloakRealm#SHORT_LIVED_JOB}
	 * @param clientSecret the client's secret
	 * @return the tokens (an access token only)
	 */
	public KeycloakTokens clientCredentials(String clientId, String clientSecret) {
		return token(Map.of("grant_type", "client_credentials"), clientId, clientSecret);
	}

	/**
	 * Get an access token with the client-credentials grant, bound to the key of a DPoP
	 * proof (RFC 9449): Keycloak puts the key's thumbprint into the token's
	 * {@code cnf.jkt}.
	 * @param clientId {@link KeycloakRealm#BATCH_JOB} or
	 * {@link KeycloakRealm#SHORT_LIVED_JOB}
	 * @param clientSecret the client's secret
	 * @param dpopProof a proof for {@code POST} to {@link #tokenUri()}, without
	 * {@code ath}
	 * @return the tokens (an access token only)
	 */
	public KeycloakTokens clientCredentials(String clientId, String clientSecret, String dpopProof) {
		return token(Map.of("grant_type", "client_credentials"), clientId, clientSecret, Map.of("DPoP", dpopProof));
	}

	/**
	 * Use a refresh token of {@link KeycloakRealm#WEB_APP}.
	 * @param refreshToken the refresh token
	 * @return the new tokens
	 */
	public KeycloakTokens refresh(String refreshToken) {
		return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), KeycloakRealm.WEB_APP,
				KeycloakRealm.WEB_APP_SECRET);
	}

	/**
	 * Revoke a token at Keycloak (RFC 7009) with a client's credentials. Keycloak only
	 * lets the client the token was issued to revoke it (another gets 400
	 * {@code "Unmatching clients"}).
	 * @param token the token
	 * @param clientId the client
	 * @param clientSecret the client's secret
	 * @return the HTTP status Keycloak answered
	 */
	public int revoke(String token, String clientId, String clientSecret) {
		return this.http.postForm(URI.create(revocationUri()), Map.of("token", token), clientId, clientSecret)
			.statusCode();
	}

	/**
	 * Introspect a token as {@link KeycloakRealm#RESOURCE_SERVER} does (this counts as an
	 * introspection).
	 * @param token the token
	 * @return the answer Keycloak gave
	 */
	public JsonNode introspect(String token) {
		HttpResponse<String> response = this.http.postForm(URI.create(introspectionUri()), Map.of("token", token),
				KeycloakRealm.RESOURCE_SERVER, KeycloakRealm.RESOURCE_SERVER_SECRET);
		return this.http.read(response, 200);
	}

	/**
	 * Return the number of introspection calls by {@link KeycloakRealm#RESOURCE_SERVER}
	 * since the last {@link #resetIntrospectionCount()}, counted from Keycloak's
	 * {@code INTROSPECT_TOKEN} and {@code INTROSPECT_TOKEN_ERROR} events.
	 * @return the number of introspection calls
	 */
	public int introspectionCount() {
		return this.admin.introspectionEvents();
	}

	/**
	 * Delete the realm's events, so {@link #introspectionCount()} starts from zero.
	 */
	public void resetIntrospectionCount() {
		this.admin.clearEvents();
	}

	/**
	 * Log a user out as {@link KeycloakRealm#WEB_APP} does (OIDC logout with the
	 * session's refresh token): Keycloak ends the session and records a {@code LOGOUT}
	 * event, which the Shared Signals transmitter turns into a CAEP
	 * {@code session-revoked} event.
	 * @param refreshToken the session's refresh token
	 */
	public void logOut(String refreshToken) {
		HttpResponse<String> response = this.http.postForm(URI.create(endpoint("/logout")),
				Map.of("refresh_token", refreshToken), KeycloakRealm.WEB_APP, KeycloakRealm.WEB_APP_SECRET);
		this.http.read(response, 204);
	}

	/**
	 * End a user session through the admin API: Keycloak sends back-channel logout tokens
	 * to the clients of the session that have a back-channel logout URL, and the
	 * session's tokens become inactive.
	 * @param sessionId the session ({@link KeycloakTokens#sessionId()})
	 */
	public void deleteSession(String sessionId) {
		this.admin.deleteSession(sessionId);
	}

	/**
	 * End every session of a user through the admin API, with back-channel logout.
	 * @param username the user name
	 */
	public void logOutUser(String username) {
		this.admin.logOutUser(username);
	}

	/**
	 * Return a user's id, the {@code sub} of its tokens.
	 * @param username the user name
	 * @return the id
	 */
	public String userId(String username) {
		return this.admin.userId(username);
	}

	/**
	 * Set the back-channel logout URL of {@link KeycloakRealm#WEB_APP}, with the session
	 * id required in logout tokens.
	 * @param url the URL Keycloak posts logout tokens to
	 */
	public void setBackChannelLogoutUrl(String url) {
		this.admin.updateClientAttributes(KeycloakRealm.WEB_APP,
				Map.of("backchannel.logout.url", url, "backchannel.logout.session.required", "true"));
	}

	/**
	 * Create a confidential client with service accounts (client credentials grant), its
	 * tokens introspectable by {@link KeycloakRealm#RESOURCE_SERVER}, and an admin URL:
	 * where Keycloak pushes the client's revocation policy
	 * ({@code {adminUrl}/k_push_not_before}). Use a client id of your own: the realm is
	 * shared by the test run.
	 * @param clientId the client id
	 * @param secret the client secret
	 * @param adminUrl the admin URL
	 */
	public void createServiceAccountWithAdminUrl(String clientId, String secret, String adminUrl) {
		this.admin.createServiceAccountWithAdminUrl(clientId, secret, adminUrl);
	}

	/**
	 * Set a client's "not before" revocation policy and push it: Keycloak POSTs a signed
	 * {@code PushNotBeforeAction} to the client's admin URL before this returns, and from
	 * then on refuses the client's tokens issued before it.
	 * @param clientId the client id
	 * @param notBefore the policy, in seconds since the epoch
	 * @return the answer of Keycloak: the URLs it pushed to ({@code successRequests}) and
	 * those that failed ({@code failedRequests})
	 */
	public JsonNode pushClientNotBefore(String clientId, long notBefore) {
		return this.admin.pushClientNotBefore(clientId, notBefore);
	}

	/**
	 * Return the last lines of the server's log, for failure messages.
	 * @return the log's tail
	 */
	public String logTail() {
		return this.process.logTail();
	}

	/**
	 * Stop the server (its whole process tree) and delete its directory.
	 */
	@Override
	public void close() {
		this.process.close();
	}

	KeycloakAdmin admin() {
		return this.admin;
	}

	KeycloakHttp http() {
		return this.http;
	}

	private boolean isReady() {
		try {
			return this.http.get(URI.create(this.baseUrl + "/realms/master")).statusCode() == 200;
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	private String endpoint(String path) {
		return issuer() + "/protocol/openid-connect" + path;
	}

	private KeycloakTokens token(Map<String, String> form, String clientId, String clientSecret) {
		return token(form, clientId, clientSecret, Map.of());
	}

	private KeycloakTokens token(Map<String, String> form, String clientId, String clientSecret,
			Map<String, String> headers) {
		JsonNode body = this.http
			.read(this.http.postForm(URI.create(tokenUri()), form, clientId, clientSecret, headers), 200);
		return new KeycloakTokens(body.path("access_token").asString(), body.path("refresh_token").asString(null),
				body.path("id_token").asString(null), body.path("session_state").asString(null));
	}

	private static Path noJavaRuntime() {
		String message = "Keycloak needs Java " + JavaRuntimes.REQUIRED_VERSION + "+ and none was found in "
				+ JavaRuntimes.searched() + "; set KEYCLOAK_JAVA_HOME to the home of a Java "
				+ JavaRuntimes.REQUIRED_VERSION + "+ runtime";
		if (isRequired()) {
			throw new IllegalStateException(message + " (required: CI is set or authcache.keycloak.required=true)");
		}
		return Assumptions.abort(message + " (the Keycloak tests are skipped)");
	}

	private static boolean isRequired() {
		String ci = System.getenv("CI");
		return Boolean.getBoolean("authcache.keycloak.required")
				|| (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long millis(long from, long to) {
		return TimeUnit.NANOSECONDS.toMillis(to - from);
	}

}
