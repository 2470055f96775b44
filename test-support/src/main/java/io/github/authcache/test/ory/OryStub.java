/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * An in-process stand-in for Ory Kratos and Hydra: one JDK {@link HttpServer} on a free
 * loopback port that serves Kratos whoami, the Kratos admin session endpoints, API
 * logout, and Hydra introspection and revocation exactly as ory-wire.md describes. Tests
 * and the sample application program sessions and tokens, inject faults (latency, error
 * statuses, hanging), hold lookup answers after they read the state
 * ({@link #holdAnswersAfterRead()}) and inspect counters and recorded requests.
 * Thread-safe; never logs credentials.
 *
 * <pre class="code">
 * try (OryStub ory = OryStub.start()) {
 *     KratosSessionSpec session = ory.registerSession(KratosSessionSpec.builder().build());
 *     // point the client at ory.kratosPublicUrl() and send session.token()
 * }
 * </pre>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class OryStub implements AutoCloseable {

	private static final Pattern ADMIN_SESSION = Pattern.compile("/admin/sessions/([^/]+)");

	private static final Pattern ADMIN_SESSION_EXTEND = Pattern.compile("/admin/sessions/([^/]+)/extend");

	private static final Pattern ADMIN_IDENTITY_SESSIONS = Pattern.compile("/admin/identities/([^/]+)/sessions");

	private static final List<String> WHOAMI_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "CONNECT",
			"OPTIONS", "TRACE");

	private final StubSettings settings;

	private final HttpServer server;

	private final ExecutorService executor;

	private final String baseUrl;

	private final SessionStore sessions = new SessionStore();

	private final TokenStore tokens = new TokenStore();

	private final Faults faults = new Faults();

	private final AtomicReference<@Nullable AnswerHold> answerHold = new AtomicReference<>();

	private final KratosEndpoints kratos;

	private final HydraEndpoints hydra;

	private final AtomicInteger whoamiCalls = new AtomicInteger();

	private final AtomicInteger introspectCalls = new AtomicInteger();

	private final AtomicInteger revokeCalls = new AtomicInteger();

	private final AtomicInteger adminCalls = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final int maxRecordedRequests;

	private final Deque<RecordedRequest> recorded = new ArrayDeque<>();

	private OryStub(Builder builder) {
		this.settings = new StubSettings(builder.sessionCookieName, builder.sessionCacheMaxAge,
				builder.requiredAuthorization, builder.sessionLifespan, builder.clock);
		this.maxRecordedRequests = builder.maxRecordedRequests;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to bind the Ory stub", ex);
		}
		this.baseUrl = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.kratos = new KratosEndpoints(this.sessions, this.settings, this::baseUrl);
		this.hydra = new HydraEndpoints(this.tokens, this.settings, this::baseUrl);
		this.executor = Executors.newCachedThreadPool(daemonThreads());
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		if (builder.maxLatency.toMillis() > 0) {
			this.faults.latency(builder.minLatency, builder.maxLatency);
		}
		this.server.start();
	}

	/**
	 * Start a stub with default settings on a free loopback port.
	 * @return the running stub
	 */
	public static OryStub start() {
		return builder().start();
	}

	/**
	 * Return a builder for a stub.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "ory-stub-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	// --- URLs

	/**
	 * Return the base URL, for example {@code http://127.0.0.1:54321}.
	 * @return the base URL
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Return the Kratos public URL (the base URL; whoami is {@code /sessions/whoami}).
	 * @return the Kratos public URL
	 */
	public String kratosPublicUrl() {
		return this.baseUrl;
	}

	/**
	 * Return the Kratos admin URL (the base URL; routes carry the {@code /admin} prefix).
	 * @return the Kratos admin URL
	 */
	public String kratosAdminUrl() {
		return this.baseUrl;
	}

	/**
	 * Return the whoami URL.
	 * @return {@code <base>/sessions/whoami}
	 */
	public String whoamiUri() {
		return this.baseUrl + "/sessions/whoami";
	}

	/**
	 * Return the Hydra introspection URL.
	 * @return {@code <base>/admin/oauth2/introspect}
	 */
	public String introspectionUri() {
		return this.baseUrl + "/admin/oauth2/introspect";
	}

	/**
	 * Return the Hydra revocation URL.
	 * @return {@code <base>/oauth2/revoke}
	 */
	public String revocationUri() {
		return this.baseUrl + "/oauth2/revoke";
	}

	/**
	 * Return the port the stub listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Return the name of the Kratos session cookie the stub reads.
	 * @return the cookie name
	 */
	public String sessionCookieName() {
		return this.settings.sessionCookieName();
	}

	// --- Kratos state

	/**
	 * Register (or replace) a session.
	 * @param session the session
	 * @return the registered session
	 */
	public KratosSessionSpec registerSession(KratosSessionSpec session) {
		return this.sessions.put(session);
	}

	/**
	 * Register a new active session with a session token and a cookie value.
	 * @return the registered session
	 */
	public KratosSessionSpec registerSession() {
		return registerSession(KratosSessionSpec.builder().build());
	}

	/**
	 * Return the current state of a session.
	 * @param sessionId the session id
	 * @return the session, if registered
	 */
	public Optional<KratosSessionSpec> session(String sessionId) {
		return this.sessions.byId(sessionId);
	}

	/**
	 * Change a session.
	 * @param sessionId the session id
	 * @param change the change to apply
	 * @return the changed session, if registered
	 */
	public Optional<KratosSessionSpec> updateSession(String sessionId, UnaryOperator<KratosSessionSpec> change) {
		return this.sessions.update(sessionId, change);
	}

	/**
	 * Revoke a session as {@code DELETE /admin/sessions/{id}} would
	 * ({@code active=false}), without an HTTP call.
	 * @param sessionId the session id
	 * @return whether the session was registered
	 */
	public boolean revokeSession(String sessionId) {
		return updateSession(sessionId, (s) -> s.toBuilder().active(false).build()).isPresent();
	}

	/**
	 * Extend a session server-side: whoami then answers with the new expiry and rotates
	 * an older session cookie with {@code Set-Cookie}.
	 * @param sessionId the session id
	 * @param lifespan the new lifespan from now
	 * @return the extended session, if registered
	 */
	public Optional<KratosSessionSpec> extendSession(String sessionId, Duration lifespan) {
		return updateSession(sessionId,
				(s) -> s.toBuilder().expiresAt(this.settings.clock().instant().plus(lifespan)).extended(true).build());
	}

	/**
	 * Set the state of an identity on all of its sessions ({@code inactive} makes whoami
	 * answer 401).
	 * @param identityId the identity id
	 * @param state {@code active} or {@code inactive}
	 * @return the number of sessions changed
	 */
	public int setIdentityState(String identityId, String state) {
		return this.sessions.updateByIdentity(identityId, (s) -> s.toBuilder().identityState(state).build());
	}

	// --- Hydra state

	/**
	 * Register (or replace) a token; registering clears an earlier revocation.
	 * @param token the token
	 * @return the registered token
	 */
	public OAuth2TokenSpec registerToken(OAuth2TokenSpec token) {
		return this.tokens.put(token);
	}

	/**
	 * Register a new access token valid for one hour.
	 * @return the registered token
	 */
	public OAuth2TokenSpec registerToken() {
		return registerToken(OAuth2TokenSpec.builder().build());
	}

	/**
	 * Register the access and refresh token of one grant; revoking either revokes both.
	 * @param accessToken the access token
	 * @param refreshToken the refresh token
	 */
	public void registerTokenPair(OAuth2TokenSpec accessToken, OAuth2TokenSpec refreshToken) {
		this.tokens.putPair(accessToken, refreshToken);
	}

	/**
	 * Revoke a token (and the other token of its grant) without an HTTP call.
	 * @param token the token string
	 * @return whether the token was registered
	 */
	public boolean revokeToken(String token) {
		return this.tokens.revoke(token);
	}

	/**
	 * Return whether a token was revoked.
	 * @param token the token string
	 * @return whether it is revoked
	 */
	public boolean isTokenRevoked(String token) {
		return this.tokens.isRevoked(token);
	}

	/**
	 * Forget every session and token.
	 */
	public void clearState() {
		this.sessions.clear();
		this.tokens.clear();
	}

	// --- Faults

	/**
	 * Delay every response by a fixed time.
	 * @param latency the delay
	 */
	public void latency(Duration latency) {
		this.faults.latency(latency, latency);
	}

	/**
	 * Delay every response by a random time in a range, for example 30 to 50 ms.
	 * @param min the shortest delay
	 * @param max the longest delay
	 */
	public void latency(Duration min, Duration max) {
		this.faults.latency(min, max);
	}

	/**
	 * Answer every request with the given status: a herodot JSON body for 4xx and 500,
	 * {@code Retry-After: 1} for 429, and a non-JSON proxy page for 502, 503 and 504.
	 * @param status the status
	 */
	public void failWith(int status) {
		this.faults.failWith(() -> OryErrors.injected(status));
	}

	/**
	 * Answer every request with the given status, content type and body.
	 * @param status the status
	 * @param contentType the content type
	 * @param body the body
	 */
	public void failWith(int status, String contentType, String body) {
		this.faults.failWith(() -> StubResponse.of(status, contentType, body));
	}

	/**
	 * Answer every request with a redirect (as a proxy or a misconfigured base URL does)
	 * to the given location.
	 * @param status the redirect status, for example 302 or 307
	 * @param location the {@code Location} header
	 */
	public void redirectTo(int status, String location) {
		this.faults.failWith(() -> StubResponse.empty(status).header("Location", location));
	}

	/**
	 * Never answer requests until {@link #reset()} or {@link #close()}.
	 */
	public void hang() {
		this.faults.hang();
	}

	/**
	 * Hold the answers of whoami and introspection <em>after</em> they read the session
	 * or token state, until the returned hold releases them (latency applies before the
	 * state is read, so it cannot keep a lookup in flight across a state change).
	 * Replaces and releases an earlier hold; {@link #reset()} and {@link #close()}
	 * release it too.
	 * @return the hold
	 */
	public AnswerHold holdAnswersAfterRead() {
		AnswerHold hold = new AnswerHold();
		releaseHold(this.answerHold.getAndSet(hold));
		return hold;
	}

	/**
	 * Remove every injected fault (latency, failure, hang) and release hanging and held
	 * requests. Sessions, tokens and counters are kept.
	 */
	public void reset() {
		this.faults.reset();
		releaseHold(this.answerHold.getAndSet(null));
	}

	private static void releaseHold(@Nullable AnswerHold hold) {
		if (hold != null) {
			hold.close();
		}
	}

	// --- Observability

	/**
	 * Return the number of whoami requests received.
	 * @return the count
	 */
	public int whoamiCalls() {
		return this.whoamiCalls.get();
	}

	/**
	 * Return the number of introspection requests received.
	 * @return the count
	 */
	public int introspectCalls() {
		return this.introspectCalls.get();
	}

	/**
	 * Return the number of revocation requests received.
	 * @return the count
	 */
	public int revokeCalls() {
		return this.revokeCalls.get();
	}

	/**
	 * Return the number of Kratos admin and API logout requests received.
	 * @return the count
	 */
	public int adminCalls() {
		return this.adminCalls.get();
	}

	/**
	 * Return the number of requests being answered now (hanging ones included).
	 * @return the count
	 */
	public int requestsInFlight() {
		return this.inFlight.get();
	}

	/**
	 * Return the most requests that were being answered at once since the start or the
	 * last {@link #resetCounters()}.
	 * @return the peak count
	 */
	public int maxRequestsInFlight() {
		return this.maxInFlight.get();
	}

	/**
	 * Reset all counters and forget the recorded requests.
	 */
	public void resetCounters() {
		this.maxInFlight.set(this.inFlight.get());
		this.whoamiCalls.set(0);
		this.introspectCalls.set(0);
		this.revokeCalls.set(0);
		this.adminCalls.set(0);
		synchronized (this.recorded) {
			this.recorded.clear();
		}
	}

	/**
	 * Return the most recent requests, oldest first (bounded, see
	 * {@link Builder#maxRecordedRequests(int)}).
	 * @return the recorded requests
	 */
	public List<RecordedRequest> recordedRequests() {
		synchronized (this.recorded) {
			return new ArrayList<>(this.recorded);
		}
	}

	/**
	 * Return the most recent request, if any.
	 * @return the last request
	 */
	public Optional<RecordedRequest> lastRequest() {
		synchronized (this.recorded) {
			return Optional.ofNullable(this.recorded.peekLast());
		}
	}

	/**
	 * Stop the server and release hanging requests.
	 */
	@Override
	public void close() {
		reset();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	// --- Request handling

	private void handle(HttpExchange exchange) throws IOException {
		this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		try (exchange) {
			StubRequest request = new StubRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
					exchange.getRequestBody().readNBytes(1 << 20));
			record(request);
			StubResponse response;
			try {
				StubResponse injected = this.faults.apply();
				response = (injected != null) ? injected : route(request);
				if (injected == null) {
					holdIfLookup(request);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				response = OryErrors.injected(500);
			}
			write(exchange, request, response);
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	private void record(StubRequest request) {
		RecordedRequest recordedRequest = request.record();
		synchronized (this.recorded) {
			this.recorded.addLast(recordedRequest);
			while (this.recorded.size() > this.maxRecordedRequests) {
				this.recorded.removeFirst();
			}
		}
		counterFor(request.path()).ifPresent(AtomicInteger::incrementAndGet);
	}

	private Optional<AtomicInteger> counterFor(String path) {
		if (path.equals("/sessions/whoami")) {
			return Optional.of(this.whoamiCalls);
		}
		if (path.equals("/admin/oauth2/introspect") || path.equals("/oauth2/introspect")) {
			return Optional.of(this.introspectCalls);
		}
		if (path.equals("/oauth2/revoke")) {
			return Optional.of(this.revokeCalls);
		}
		if (path.startsWith("/admin/") || path.equals("/self-service/logout/api")) {
			return Optional.of(this.adminCalls);
		}
		return Optional.empty();
	}

	private StubResponse route(StubRequest request) {
		String path = request.path();
		String method = request.method();
		if (path.equals("/sessions/whoami")) {
			return WHOAMI_METHODS.contains(method) ? this.kratos.whoami(request) : methodNotAllowed(request);
		}
		if (path.equals("/admin/oauth2/introspect") || path.equals("/oauth2/introspect")) {
			return this.hydra.introspect(request);
		}
		if (path.equals("/oauth2/revoke")) {
			return this.hydra.revoke(request);
		}
		if (path.equals("/self-service/logout/api")) {
			return method.equals("DELETE") ? this.kratos.logoutApi(request) : methodNotAllowed(request);
		}
		Matcher matcher = ADMIN_SESSION_EXTEND.matcher(path);
		if (matcher.matches()) {
			return method.equals("PATCH") ? this.kratos.extendSession(request, matcher.group(1))
					: methodNotAllowed(request);
		}
		matcher = ADMIN_IDENTITY_SESSIONS.matcher(path);
		if (matcher.matches()) {
			return method.equals("DELETE") ? this.kratos.deleteIdentitySessions(request, matcher.group(1))
					: methodNotAllowed(request);
		}
		matcher = ADMIN_SESSION.matcher(path);
		if (matcher.matches()) {
			return method.equals("DELETE") ? this.kratos.disableSession(request, matcher.group(1))
					: methodNotAllowed(request);
		}
		return OryErrors.herodot(404, "Not Found", request.header("X-Request-ID"), null,
				"The requested resource could not be found");
	}

	/**
	 * Hold a whoami or introspection answer, already built from the state, while an
	 * {@link AnswerHold} is active.
	 * @param request the request being answered
	 * @throws InterruptedException when interrupted while held
	 */
	private void holdIfLookup(StubRequest request) throws InterruptedException {
		AnswerHold hold = this.answerHold.get();
		String path = request.path();
		if (hold != null && (path.equals("/sessions/whoami") || path.equals("/admin/oauth2/introspect")
				|| path.equals("/oauth2/introspect"))) {
			hold.hold();
		}
	}

	private StubResponse methodNotAllowed(StubRequest request) {
		return OryErrors.herodot(405, "Method Not Allowed", request.header("X-Request-ID"), null,
				"The requested method is not allowed");
	}

	private void write(HttpExchange exchange, StubRequest request, StubResponse response) throws IOException {
		for (Map.Entry<String, String> header : response.headers().entrySet()) {
			exchange.getResponseHeaders().set(header.getKey(), header.getValue());
		}
		byte[] body = response.body();
		boolean noBody = body.length == 0 || request.method().equals("HEAD") || response.status() == 204;
		exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
		if (!noBody) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	/**
	 * Builder for an {@link OryStub}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private int port;

		private String sessionCookieName = "ory_kratos_session";

		private @Nullable Duration sessionCacheMaxAge;

		private @Nullable String requiredAuthorization;

		private Duration sessionLifespan = Duration.ofHours(24);

		private Clock clock = Clock.systemUTC();

		private int maxRecordedRequests = 1000;

		private Duration minLatency = Duration.ZERO;

		private Duration maxLatency = Duration.ZERO;

		private Builder() {
		}

		/**
		 * Listen on a fixed port instead of a free one.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Set the session cookie name. Defaults to {@code ory_kratos_session}.
		 * @param sessionCookieName the cookie name
		 * @return this builder
		 */
		public Builder sessionCookieName(String sessionCookieName) {
			this.sessionCookieName = sessionCookieName;
			return this;
		}

		/**
		 * Send {@code Ory-Session-Cache-For} as Ory Network does with cacheable sessions:
		 * {@code min(expires_at - now, maxAge)} on 200 and {@code 60} on a 401 without
		 * credentials. Off by default.
		 * @param maxAge the {@code cacheable_sessions_max_age}
		 * @return this builder
		 */
		public Builder sessionCacheMaxAge(Duration maxAge) {
			this.sessionCacheMaxAge = maxAge;
			return this;
		}

		/**
		 * Require this exact {@code Authorization} header value (for example
		 * {@code Basic …} client credentials or {@code Bearer ory_apikey_…}) on Hydra
		 * introspection and revocation; others get 401 {@code invalid_client}.
		 * @param authorization the header value
		 * @return this builder
		 */
		public Builder requiredAuthorization(String authorization) {
			this.requiredAuthorization = authorization;
			return this;
		}

		/**
		 * Set the lifespan applied by {@code PATCH /admin/sessions/{id}/extend}. Defaults
		 * to 24 hours.
		 * @param sessionLifespan the lifespan
		 * @return this builder
		 */
		public Builder sessionLifespan(Duration sessionLifespan) {
			this.sessionLifespan = sessionLifespan;
			return this;
		}

		/**
		 * Set the clock deciding expiry. Defaults to the system UTC clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Set how many requests are kept for {@link OryStub#recordedRequests()}. Defaults
		 * to 1000.
		 * @param maxRecordedRequests the bound
		 * @return this builder
		 */
		public Builder maxRecordedRequests(int maxRecordedRequests) {
			this.maxRecordedRequests = maxRecordedRequests;
			return this;
		}

		/**
		 * Start with a latency range, as the sample application's demo identity provider
		 * does (30 to 50 ms).
		 * @param min the shortest delay
		 * @param max the longest delay
		 * @return this builder
		 */
		public Builder latency(Duration min, Duration max) {
			this.minLatency = min;
			this.maxLatency = max;
			return this;
		}

		/**
		 * Start the stub.
		 * @return the running stub
		 */
		public OryStub start() {
			return new OryStub(this);
		}

	}

}
