/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.InMemoryRevocationStore;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.resolver.introspection.ClientCredentialsToken;
import io.github.authcache.resolver.jwt.JwtValidation;
import io.github.authcache.testing.JwtIssuer;
import io.github.authcache.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link SharedSignalsPoll} against a transmitter stub that answers queued poll
 * responses and records the poll requests.
 *
 * @author authcache authors
 */
class SharedSignalsPollTests {

	private static final JwtIssuer transmitter = new JwtIssuer();

	private static final JwtIssuer stranger = new JwtIssuer();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Deque<String> answers = new ArrayDeque<>();

	private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private volatile int status = 200;

	private final List<String> tokenRequests = new CopyOnWriteArrayList<>();

	private final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();

	private final Set<String> refusedTokens = ConcurrentHashMap.newKeySet();

	private volatile int tokenStatus = 200;

	private final HttpServer server = server();

	private final InMemoryRevocationStore store = new InMemoryRevocationStore(Clock.systemUTC());

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@AfterAll
	static void stopIssuers() {
		transmitter.close();
		stranger.close();
	}

	@Test
	void pollThenTokensAppliedAndAcknowledgedOrReportedInTheNextPoll() {
		AuthCacheInvalidator invalidator = mock(AuthCacheInvalidator.class);
		SharedSignalsPoll poll = poll(invalidator);
		String good = token(transmitter, "user-1");
		String bad = token(stranger, "user-2");
		this.answers.add(sets(Map.of("jti-good", good, "jti-bad", bad)));
		assertThat(poll.poll()).isEqualTo(2);
		then(invalidator).should().invalidateUser("user-1");
		then(invalidator).shouldHaveNoMoreInteractions();
		poll.poll();
		JsonNode second = this.requests.get(1);
		assertThat(second.path("ack").toString()).isEqualTo("[\"jti-good\"]");
		assertThat(second.path("setErrs").path("jti-bad").path("err").asString()).isEqualTo("invalid_key");
		assertThat(second.path("returnImmediately").asBoolean()).isTrue();
		assertThat(this.authorizations).containsOnly("Bearer stream-token");
		poll.poll();
		assertThat(this.requests.get(2).path("ack").isEmpty()).isTrue();
	}

	@Test
	void twoInstancesPollTheSameTokenThenOneAppliesItAndBothAcknowledgeIt() {
		AuthCacheInvalidator first = mock(AuthCacheInvalidator.class);
		AuthCacheInvalidator second = mock(AuthCacheInvalidator.class);
		String token = token(transmitter, "user-1");
		this.answers.add(sets(Map.of("jti-1", token)));
		this.answers.add(sets(Map.of("jti-1", token)));
		poll(first).poll();
		SharedSignalsPoll other = poll(second);
		other.poll();
		other.poll();
		then(first).should().invalidateUser("user-1");
		then(second).shouldHaveNoInteractions();
		assertThat(this.requests.get(2).path("ack").toString()).isEqualTo("[\"jti-1\"]");
	}

	@Test
	void pollWhenTheTransmitterFailsThenTheAcknowledgementsAreSentAgain() {
		SharedSignalsPoll poll = poll(mock(AuthCacheInvalidator.class));
		this.answers.add(sets(Map.of("jti-1", token(transmitter, "user-1"))));
		poll.poll();
		this.status = 500;
		assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(poll::poll);
		this.status = 200;
		poll.poll();
		assertThat(this.requests.get(2).path("ack").toString()).isEqualTo("[\"jti-1\"]");
	}

	@Test
	void pollWhenMoreAvailableThenPollsAgainAtOnce() {
		AuthCacheInvalidator invalidator = mock(AuthCacheInvalidator.class);
		this.answers.add("{\"sets\":{\"jti-1\":\"" + token(transmitter, "user-1") + "\"},\"moreAvailable\":true}");
		this.answers.add(sets(Map.of("jti-2", token(transmitter, "user-2"))));
		assertThat(poll(invalidator).poll()).isEqualTo(2);
		then(invalidator).should().invalidateUser("user-2");
		assertThat(this.requests.get(1).path("ack").toString()).isEqualTo("[\"jti-1\"]");
	}

	@Test
	void pollWithAClientThenOneTokenServesThePollsUntilThreeQuartersOfItsLifetimePassed() {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
		SharedSignalsPoll poll = poll(mock(AuthCacheInvalidator.class));
		poll.setClientCredentials(clientCredentials(clock));
		poll.poll();
		clock.advance(Duration.ofSeconds(224));
		poll.poll();
		assertThat(this.tokenRequests).containsExactly("grant_type=client_credentials&scope=ssf.read");
		assertThat(this.tokenAuthorizations).containsExactly("Basic "
				+ Base64.getEncoder().encodeToString("ssf+receiver:se%3Acret%2B".getBytes(StandardCharsets.UTF_8)));
		clock.advance(Duration.ofSeconds(1));
		poll.poll();
		assertThat(this.tokenRequests).hasSize(2);
		assertThat(this.authorizations).containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2");
	}

	@Test
	void pollWithAClientWhenTheTransmitterRefusesItsTokenThenSentAgainWithANewOne() {
		AuthCacheInvalidator invalidator = mock(AuthCacheInvalidator.class);
		SharedSignalsPoll poll = poll(invalidator);
		poll.setClientCredentials(clientCredentials(Clock.systemUTC()));
		this.answers.add(sets(Map.of("jti-1", token(transmitter, "user-1"))));
		poll.poll();
		// Revoked at the authorization server before its expiry
		this.refusedTokens.add("Bearer token-1");
		poll.poll();
		assertThat(this.authorizations).containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2");
		assertThat(this.requests.get(2).path("ack").toString()).as("the refused request's acknowledgements")
			.isEqualTo("[\"jti-1\"]");
		then(invalidator).should().invalidateUser("user-1");
	}

	@Test
	void pollWithAClientWhenTheTokenEndpointRefusesItThenNoPollAndTheErrorIsSaid() {
		SharedSignalsPoll poll = poll(mock(AuthCacheInvalidator.class));
		poll.setClientCredentials(clientCredentials(Clock.systemUTC()));
		this.tokenStatus = 401;
		assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(poll::poll)
			.withMessage("The token endpoint answered 401 invalid_client");
		assertThat(this.requests).isEmpty();
	}

	private ClientCredentialsToken clientCredentials(Clock clock) {
		ClientCredentialsToken token = new ClientCredentialsToken(
				new UpstreamHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5)), json,
				URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/token"), "ssf receiver",
				"se:cret+");
		token.setScope("ssf.read");
		token.setClock(clock);
		return token;
	}

	private SharedSignalsPoll poll(AuthCacheInvalidator invalidator) {
		Duration maxAge = Duration.ofMinutes(5);
		SecurityEventTokenVerifier verifier = new SecurityEventTokenVerifier(
				JwtValidation.decoder(URI.create(transmitter.jwkSetUri()), Duration.ofSeconds(5), Duration.ofSeconds(5),
						SecurityEventTokenVerifier.validator(transmitter.issuer(), "my-receiver", maxAge)),
				new OneTimeTokens(this.store, new CacheKeys("authcache:", null)), maxAge);
		SharedSignalsPoll poll = new SharedSignalsPoll(new SharedSignalsReceiver(verifier, invalidator),
				new UpstreamHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5)), json,
				URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/poll"));
		poll.setBearerToken("stream-token");
		return poll;
	}

	private static String sets(Map<String, String> sets) {
		return json.writeValueAsString(Map.of("sets", sets, "moreAvailable", false));
	}

	private static String token(JwtIssuer issuer, String userId) {
		return issuer.sign(SecurityEventTokenVerifier.TYPE, issuer.keyId(), (claims) -> {
			claims.remove("exp");
			claims.put("iss", transmitter.issuer());
			claims.put("aud", "my-receiver");
			claims.put("jti", UUID.randomUUID().toString());
			claims.put("sub_id", Map.of("format", "iss_sub", "iss", transmitter.issuer(), "sub", userId));
			claims.put("events", Map.of(SharedSignalsReceiver.SESSION_REVOKED, Map.of()));
		});
	}

	private HttpServer server() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/poll", (exchange) -> {
				this.requests.add(json.readTree(exchange.getRequestBody().readAllBytes()));
				String authorization = exchange.getRequestHeaders().getFirst("Authorization");
				this.authorizations.add(authorization);
				if (this.refusedTokens.contains(authorization)) {
					respond(exchange, 401, "");
					return;
				}
				String answer = (this.status != 200) ? "{}"
						: (this.answers.isEmpty() ? "{\"sets\":{},\"moreAvailable\":false}" : this.answers.poll());
				respond(exchange, this.status, answer);
			});
			// RFC 6749 section 4.4: a new token each time, valid 300 s
			server.createContext("/token", (exchange) -> {
				this.tokenRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				this.tokenAuthorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
				respond(exchange, this.tokenStatus,
						(this.tokenStatus != 200) ? "{\"error\":\"invalid_client\"}" : "{\"access_token\":\"token-"
								+ this.tokenRequests.size() + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void respond(HttpExchange exchange, int status, String answer) throws IOException {
		byte[] body = answer.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
