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

import io.github.authcache.test.ory.AnswerHold;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box tests of refresh-ahead against the sample application, a real redis-server
 * and the Ory stub answering in 400 ms, with {@code authcache.cache.refresh-after=2s}: a
 * session revoked at the identity provider is refused once the first refresh after the
 * revocation has completed, no request waits for that refresh, and a session in use costs
 * one background call per interval, not one per request.
 *
 * @author authcache authors
 */
class RefreshAheadBehaviourTests {

	private static final Duration PROVIDER_LATENCY = Duration.ofMillis(400);

	private static RedisServer redis;

	private static OryStub ory;

	private static ConfigurableApplicationContext context;

	private static int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeAll
	static void start() {
		redis = RedisServer.builder().start();
		ory = OryStub.start();
		context = new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--management.server.port=0", "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port(), "--authcache.kratos.base-url=" + ory.kratosPublicUrl(),
				"--authcache.cache.refresh-after=2s", "--authcache.upstream.read-timeout=10s",
				"--authcache.cache.secret=" + "s".repeat(32));
		port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@AfterAll
	static void stop() {
		context.close();
		ory.close();
		redis.close();
	}

	@BeforeEach
	void setUp() {
		ory.reset();
		ory.latency(PROVIDER_LATENCY);
	}

	@Test
	void sessionRevokedAtTheProviderIsRefusedAfterOneRefreshAndNoRequestWaitsForIt() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		int before = ory.whoamiCalls();
		assertThat(firstStatus(session)).isEqualTo(200);
		long revokedAt = System.nanoTime();
		ory.revokeSession(session.sessionId());
		try (AnswerHold hold = ory.holdAnswersAfterRead()) {
			// Every request is answered from the cache while the refresh's answer is
			// held:
			// one that waited for it would time out
			while (hold.reads() == 0) {
				assertThat(status(session)).isEqualTo(200);
				Thread.sleep(100);
			}
			assertThat(status(session)).isEqualTo(200);
		}
		int status = status(session);
		for (int i = 0; i < 50 && status == 200; i++) {
			Thread.sleep(100);
			status = status(session);
		}
		assertThat(status).isEqualTo(401);
		// A request that read the old entry while the refresh stored its answer finds the
		// revocation the refresh marked, and asks again instead of answering 200
		assertThat(ory.whoamiCalls() - before).as("the miss, one refresh and at most one such request").isBetween(2, 3);
		System.out.printf("Refused %d ms after the revocation at the provider (answer held meanwhile)%n",
				Duration.ofNanos(System.nanoTime() - revokedAt).toMillis());
	}

	@Test
	void sessionInUseForSevenSecondsCostsOneBackgroundCallPerInterval() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		int before = ory.whoamiCalls();
		assertThat(firstStatus(session)).isEqualTo(200);
		long end = System.nanoTime() + Duration.ofSeconds(7).toNanos();
		int requests = 0;
		while (System.nanoTime() < end) {
			assertThat(status(session)).isEqualTo(200);
			requests++;
			Thread.sleep(50);
		}
		int calls = ory.whoamiCalls() - before;
		System.out.printf("%d requests in 7 s cost %d identity provider calls%n", requests, calls);
		assertThat(calls).as("the miss and a refresh every 2 s at most").isBetween(2, 6);
	}

	// The miss that fills the cache waits for the provider; on a loaded machine it
	// may take long
	private int firstStatus(KratosSessionSpec session) throws IOException, InterruptedException {
		return status(session, Duration.ofSeconds(30));
	}

	private int status(KratosSessionSpec session) throws IOException, InterruptedException {
		return status(session, Duration.ofSeconds(5));
	}

	private int status(KratosSessionSpec session, Duration timeout) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
			.header("X-Session-Token", session.requiredToken())
			.timeout(timeout)
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
