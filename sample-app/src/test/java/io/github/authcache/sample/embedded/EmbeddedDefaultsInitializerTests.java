/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample.embedded;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import io.github.authcache.sample.SampleApplication;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link EmbeddedDefaultsInitializer}.
 *
 * @author authcache authors
 */
class EmbeddedDefaultsInitializerTests {

	@Test
	void embeddedPartsStopWhenTheApplicationStops() {
		RedisServer redis;
		int stubPort;
		try (ConfigurableApplicationContext context = run()) {
			redis = context.getBean(RedisServer.class);
			stubPort = context.getBean(DemoIdentityProvider.class).stub().port();
			assertThat(redis.isRunning()).isTrue();
			assertThat(context.getEnvironment().getProperty("spring.data.redis.port", Integer.class))
				.isEqualTo(redis.port());
			assertThat(context.getEnvironment().getProperty("authcache.kratos.base-url"))
				.isEqualTo("http://127.0.0.1:" + stubPort);
			assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
			assertThat(
					Base64.getDecoder().decode(context.getEnvironment().getRequiredProperty("authcache.cache.secret")))
				.hasSize(48);
		}
		assertThat(redis.isRunning()).isFalse();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(stubPort));
	}

	@Test
	void nothingEmbeddedStartsWhenRedisAndIdentityProviderAreConfigured() throws Exception {
		try (RedisServer redis = RedisServer.builder().start(); OryStub ory = OryStub.start()) {
			KratosSessionSpec session = ory.registerSession();
			try (ConfigurableApplicationContext context = run("--spring.data.redis.host=" + redis.host(),
					"--spring.data.redis.port=" + redis.port(), "--authcache.kratos.base-url=" + ory.kratosPublicUrl(),
					"--authcache.introspection.uri=" + ory.introspectionUri(),
					"--authcache.cache.secret=" + "s".repeat(32))) {
				assertThat(context.getBeansOfType(RedisServer.class)).isEmpty();
				assertThat(context.getBeansOfType(DemoIdentityProvider.class)).isEmpty();
				assertThat(context.getEnvironment()
					.getPropertySources()
					.contains(EmbeddedDefaultsInitializer.PROPERTY_SOURCE_NAME)).isFalse();
				int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
				HttpResponse<String> response = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
						.header("X-Session-Token", session.requiredToken())
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.body()).contains(session.identityId());
				assertThat(ory.whoamiCalls()).isOne();
				try (var jedis = redis.jedis()) {
					assertThat(jedis.dbSize()).isPositive();
				}
			}
		}
	}

	@Test
	void aRedisOfItsOwnWithoutSecretFailsTheStartup() {
		try (RedisServer redis = RedisServer.builder().start()) {
			assertThatThrownBy(
					() -> run("--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port())
						.close())
				.hasStackTraceContaining("authcache.cache.secret is not set");
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "management.server.port=0")
			.run(args);
	}

	private static void connect(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
		}
	}

}
