/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box tests of the Shared Signals receiver against the sample application, a real
 * redis-server, the Ory stub and a transmitter whose JWK Set is served over HTTP: CAEP
 * {@code session-revoked} events (RS256, {@code iss_sub} subject) pushed to
 * {@code /ssf/events} over real HTTP. The sessions an event names are first revoked at
 * the stub, as the identity provider that sends the event has done, so a 200 without a
 * whoami call proves a verdict still cached and a 401 proves it dropped.
 *
 * @author authcache authors
 */
class SharedSignalsBehaviourTests {

	private static final String AUDIENCE = "authcache-sample";

	private static RedisServer redis;

	private static OryStub ory;

	private static SecurityEventTransmitter transmitter;

	private static ConfigurableApplicationContext context;

	private static int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeAll
	static void start() {
		redis = RedisServer.builder().start();
		ory = OryStub.start();
		transmitter = new SecurityEventTransmitter(AUDIENCE);
		context = new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--management.server.port=0", "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port(), "--authcache.kratos.base-url=" + ory.kratosPublicUrl(),
				"--authcache.cache.secret=" + "s".repeat(32), "--authcache.shared-signals.enabled=true",
				"--authcache.shared-signals.issuer=" + transmitter.issuer(),
				"--authcache.shared-signals.jwk-set-uri=" + transmitter.jwkSetUri(),
				"--authcache.shared-signals.audience=" + AUDIENCE);
		port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@AfterAll
	static void stop() {
		context.close();
		transmitter.close();
		ory.close();
		redis.close();
	}

	@Test
	void sessionRevokedForAUserThen202AndEverySessionOfTheUserIsRefusedAtOnce() throws Exception {
		KratosSessionSpec first = cachedThenRevokedAtTheProvider(KratosSessionSpec.builder().build());
		KratosSessionSpec second = cachedThenRevokedAtTheProvider(
				KratosSessionSpec.builder().identityId(first.identityId()).build());
		KratosSessionSpec otherUser = ory.registerSession();
		assertThat(status(otherUser)).isEqualTo(200);
		int whoamiCalls = ory.whoamiCalls();
		assertThat(status(first)).as("cached until the event").isEqualTo(200);
		assertThat(ory.whoamiCalls()).isEqualTo(whoamiCalls);
		HttpResponse<String> response = push(transmitter.sessionRevoked(first.identityId()));
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(status(first)).isEqualTo(401);
		assertThat(status(second)).isEqualTo(401);
		assertThat(status(otherUser)).isEqualTo(200);
		assertThat(ory.whoamiCalls()).as("the two sessions looked up again, the other user's from the cache")
			.isEqualTo(whoamiCalls + 2);
	}

	@Test
	void sessionRevokedSignedByAnotherKeyThen400AndNothingRevoked() throws Exception {
		KratosSessionSpec first = cachedThenRevokedAtTheProvider(KratosSessionSpec.builder().build());
		KratosSessionSpec second = cachedThenRevokedAtTheProvider(
				KratosSessionSpec.builder().identityId(first.identityId()).build());
		int whoamiCalls = ory.whoamiCalls();
		HttpResponse<String> response = push(transmitter.sessionRevokedSignedByAnotherKey(first.identityId()));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"err\":\"invalid_key\"");
		assertThat(status(first)).isEqualTo(200);
		assertThat(status(second)).isEqualTo(200);
		assertThat(ory.whoamiCalls()).as("both answered from the cache").isEqualTo(whoamiCalls);
	}

	private KratosSessionSpec cachedThenRevokedAtTheProvider(KratosSessionSpec spec) throws Exception {
		KratosSessionSpec session = ory.registerSession(spec);
		assertThat(status(session)).isEqualTo(200);
		ory.revokeSession(session.sessionId());
		return session;
	}

	private HttpResponse<String> push(String token) throws IOException, InterruptedException {
		// No session and no CSRF token: the signature authenticates the push
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ssf/events"))
			.header("Content-Type", "application/secevent+jwt")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(token))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private int status(KratosSessionSpec session) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
			.header("X-Session-Token", session.requiredToken())
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
