/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import io.github.authcache.testing.DPoPProofs;
import io.github.authcache.testing.WebInstance;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box tests of sender-constrained tokens: two instances of an application with the
 * starter behind one host name ({@code X-Forwarded-Host}), sharing a real
 * {@code redis-server}, and an RFC 7662 introspection endpoint whose answer for a
 * DPoP-bound token carries {@code cnf.jkt} (Ory's wire format has no {@code cnf}, so the
 * endpoint is this test's own).
 *
 * @author authcache authors
 */
@EnabledIf(value = "io.github.authcache.testing.DPoPProofs#areChecked",
		disabledReason = "Spring Security 7.0 has no DPoP proof checks")
class SenderConstrainedTokensIntegrationTests {

	private static final String BOUND_TOKEN = "dpop-bound-token";

	private static final String PLAIN_TOKEN = "plain-token";

	private static final String PUBLIC_URL = "https://api.example/api/me";

	private static final RedisServer redis = RedisServer.startDefault();

	private static final DPoPProofs client = new DPoPProofs();

	private static final AtomicInteger introspections = new AtomicInteger();

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static HttpServer introspection;

	private static WebInstance first;

	private static WebInstance second;

	private Jedis jedis;

	@BeforeAll
	static void start() throws IOException {
		introspection = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		introspection.createContext("/introspect", SenderConstrainedTokensIntegrationTests::introspect);
		introspection.start();
		List<String> properties = List
			.of("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
					"authcache.cache.secret=sender-constrained-tokens-tests-secret-0123456789",
					"authcache.upstream.read-timeout=5s", "authcache.introspection.uri=http://127.0.0.1:"
							+ introspection.getAddress().getPort() + "/introspect",
					"server.forward-headers-strategy=framework");
		first = WebInstance.start(properties);
		second = WebInstance.start(properties);
	}

	@AfterAll
	static void stop() {
		first.close();
		second.close();
		introspection.stop(0);
	}

	@BeforeEach
	void clear() {
		if (this.jedis == null) {
			this.jedis = redis.jedis();
		}
		CacheData.clear(this.jedis);
		introspections.set(0);
	}

	@Test
	void dpopBoundTokenSentAsBearerIsRefusedFirstAndFromTheCache() {
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = me(first, "Bearer " + BOUND_TOKEN, null);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(value) -> assertThat(value).startsWith("Bearer").contains("error=\"invalid_token\""));
		}
		assertThat(introspections).hasValue(1);
		assertThat(this.jedis.keys("authcache:token:*")).hasSize(1);
	}

	@Test
	void dpopBoundTokenWithItsProofIsServedAndEachProofOnceAcrossInstances() {
		String proof = client.proof("GET", PUBLIC_URL, BOUND_TOKEN);
		HttpResponse<String> served = me(first, "DPoP " + BOUND_TOKEN, proof);
		assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
		HttpResponse<String> replayed = me(second, "DPoP " + BOUND_TOKEN, proof);
		assertThat(replayed.statusCode()).isEqualTo(401);
		assertThat(replayed.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("DPoP").contains("error=\"invalid_dpop_proof\""));
		HttpResponse<String> fresh = me(second, "DPoP " + BOUND_TOKEN, client.proof("GET", PUBLIC_URL, BOUND_TOKEN));
		assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
		assertThat(introspections).hasValue(1);
	}

	@Test
	void dpopSchemeWithoutProofIsChallengedWithDPoP() {
		HttpResponse<String> response = me(first, "DPoP " + BOUND_TOKEN, null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("DPoP").contains("error=\"invalid_dpop_proof\""));
	}

	@Test
	void proofForAnotherHostIsRefused() {
		String proof = client.proof("GET", "https://elsewhere.example/api/me", BOUND_TOKEN);
		assertThat(me(first, "DPoP " + BOUND_TOKEN, proof).statusCode()).isEqualTo(401);
	}

	@Test
	void unboundTokenIsStillABearer() {
		assertThat(me(first, "Bearer " + PLAIN_TOKEN, null).statusCode()).isEqualTo(200);
		assertThat(me(second, "Bearer " + PLAIN_TOKEN, null).statusCode()).isEqualTo(200);
		assertThat(introspections).hasValue(1);
	}

	private static HttpResponse<String> me(WebInstance instance, String authorization, @Nullable String proof) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.url("/api/me")))
			.header("Authorization", authorization)
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "api.example")
			.timeout(Duration.ofSeconds(30));
		if (proof != null) {
			request.header("DPoP", proof);
		}
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void introspect(HttpExchange exchange) throws IOException {
		introspections.incrementAndGet();
		String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String token = URLDecoder.decode(form.replaceFirst("^.*token=([^&]*).*$", "$1"), StandardCharsets.UTF_8);
		Map<String, Object> answer = switch (token) {
			case BOUND_TOKEN ->
				Map.of("active", true, "sub", "alice", "client_id", "app", "scope", "read", "token_type", "DPoP", "exp",
						Instant.now().plusSeconds(3600).getEpochSecond(), "cnf", Map.of("jkt", client.thumbprint()));
			case PLAIN_TOKEN -> Map.of("active", true, "sub", "bob", "client_id", "app", "scope", "read", "token_type",
					"Bearer", "exp", Instant.now().plusSeconds(3600).getEpochSecond());
			default -> Map.of("active", false);
		};
		byte[] body = JsonMapper.builder().build().writeValueAsBytes(answer);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
