/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.testing.DefaultChainApplication;
import io.github.authcache.testing.JwtIssuer;
import io.github.authcache.testing.WebIntegrationTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Integration tests for RFC 8936 poll delivery through the auto-configured poller: a
 * transmitter stub hands out a Security Event Token, and the poller applies and
 * acknowledges it.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = DefaultChainApplication.class)
class SharedSignalsPollIntegrationTests extends WebIntegrationTests {

	private static final JwtIssuer transmitter = new JwtIssuer();

	private static final Queue<String> pending = new ConcurrentLinkedQueue<>();

	private static final List<String> pollBodies = new CopyOnWriteArrayList<>();

	private static final HttpServer pollEndpoint = pollEndpoint();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("authcache.shared-signals.enabled", () -> "true");
		registry.add("authcache.shared-signals.jwk-set-uri", transmitter::jwkSetUri);
		registry.add("authcache.shared-signals.issuer", transmitter::issuer);
		registry.add("authcache.shared-signals.audience", () -> "my-receiver");
		registry.add("authcache.shared-signals.poll.endpoint",
				() -> "http://127.0.0.1:" + pollEndpoint.getAddress().getPort() + "/poll");
		registry.add("authcache.shared-signals.poll.interval", () -> "100ms");
		registry.add("authcache.shared-signals.poll.bearer-token", () -> "stream-token");
	}

	@AfterAll
	static void stopServers() {
		pollEndpoint.stop(0);
		transmitter.close();
	}

	@Test
	void polledSessionRevokedThenTheUsersCachedSessionIsRefusedAndTheTokenAcknowledged() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		ory.revokeSession(session.sessionId());
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
		String jti = UUID.randomUUID().toString();
		pending.add("{\"sets\":{\"" + jti + "\":\"" + token(jti, session.identityId()) + "\"}}");
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(pollBodies).anySatisfy((body) -> assertThat(body).contains(jti)));
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isUnauthorized());
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	private static String token(String jti, String userId) {
		return transmitter.sign(SecurityEventTokenVerifier.TYPE, transmitter.keyId(), (claims) -> {
			claims.remove("exp");
			claims.put("aud", "my-receiver");
			claims.put("jti", jti);
			claims.put("sub_id", Map.of("format", "iss_sub", "iss", transmitter.issuer(), "sub", userId));
			claims.put("events", Map.of(SharedSignalsReceiver.SESSION_REVOKED, Map.of()));
		});
	}

	private static HttpServer pollEndpoint() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/poll", (exchange) -> {
				String authorization = exchange.getRequestHeaders().getFirst("Authorization");
				pollBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				String answer = pending.poll();
				byte[] body = ((answer != null) ? answer : "{\"sets\":{}}").getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders("Bearer stream-token".equals(authorization) ? 200 : 401, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
