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
import java.util.concurrent.ThreadLocalRandom;

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
 * Black-box test of acknowledged invalidation between two instances of the sample
 * application with near caches on one real redis-server: B reaches Redis through a proxy
 * that delivers what its subscriber receives late (0 to 250 ms, drawn for each
 * revocation), as a busy instance applies messages late, and a logout on A must leave
 * nothing on B that authenticates the session once it returned.
 *
 * @author authcache authors
 */
class NearCacheBehaviourTests {

	private static final int ROUNDS = 100;

	private static RedisServer redis;

	private static OryStub ory;

	private static SubscriberLagProxy proxy;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeAll
	static void start() {
		redis = RedisServer.builder().start();
		ory = OryStub.start();
		proxy = new SubscriberLagProxy(redis.host(), redis.port());
		a = run(redis.port());
		b = run(proxy.port());
	}

	private static ConfigurableApplicationContext run(int redisPort) {
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--management.server.port=0", "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redisPort, "--authcache.kratos.base-url=" + ory.kratosPublicUrl(),
				"--authcache.kratos.admin-url=" + ory.kratosAdminUrl(), "--authcache.cache.secret=" + "s".repeat(32),
				"--authcache.near-cache.enabled=true");
	}

	@AfterAll
	static void stop() {
		b.close();
		a.close();
		proxy.close();
		ory.close();
		redis.close();
	}

	@Test
	void logoutOnAThenNoRequestOnBAuthenticatesTheSessionOnceTheLogoutReturned() throws Exception {
		long start = System.nanoTime();
		int stale = 0;
		for (int i = 0; i < ROUNDS; i++) {
			KratosSessionSpec session = ory.registerSession();
			assertThat(status(a, session)).isEqualTo(200);
			proxy.catchUp();
			assertThat(status(b, session)).as("read from Redis into B's near cache").isEqualTo(200);
			proxy.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(250)));
			assertThat(logout(a, session)).as("revoked at Kratos and in the cache").isEqualTo(204);
			if (status(b, session) == 200) {
				stale++;
			}
		}
		System.out.printf("Near caches: %d of %d requests on B authenticated after A's logout returned (%d s)%n", stale,
				ROUNDS, Duration.ofNanos(System.nanoTime() - start).toSeconds());
		assertThat(stale).as("requests on B authenticated after A's logout returned").isZero();
	}

	private int status(ConfigurableApplicationContext instance, KratosSessionSpec session)
			throws IOException, InterruptedException {
		return send(request(instance, "/api/me", session).GET());
	}

	private int logout(ConfigurableApplicationContext instance, KratosSessionSpec session)
			throws IOException, InterruptedException {
		return send(request(instance, "/logout", session).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private HttpRequest.Builder request(ConfigurableApplicationContext instance, String path,
			KratosSessionSpec session) {
		int port = instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("X-Session-Token", session.requiredToken())
			.timeout(Duration.ofSeconds(10));
	}

	private int send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
