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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.github.authcache.sample.SampleApplication;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link EmbeddedDefaultsInitializer}. Every application runs on free ports
 * (command-line arguments, which win over {@code application.yml}).
 *
 * @author authcache authors
 */
class EmbeddedDefaultsInitializerTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void embeddedPartsStartWithoutConfigurationAndStopWhenTheApplicationStops() throws Exception {
		EmbeddedRedis redis;
		int demoPort;
		try (ConfigurableApplicationContext context = run()) {
			redis = context.getBean(EmbeddedRedis.class);
			DemoIdentityProvider demo = context.getBean(DemoIdentityProvider.class);
			demoPort = URI.create(demo.baseUrl()).getPort();
			assertThat(redis.isRunning()).isTrue();
			assertThat(context.getEnvironment().getProperty("spring.data.redis.port", Integer.class))
				.isEqualTo(redis.port())
				.isNotEqualTo(6379);
			assertThat(context.getEnvironment().getProperty("authcache.kratos.base-url")).isEqualTo(demo.baseUrl());
			assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
			assertThat(
					Base64.getDecoder().decode(context.getEnvironment().getRequiredProperty("authcache.cache.secret")))
				.hasSize(48);
			assertThat(getMe(context, "X-Session-Token", DemoIdentityProvider.SESSION_TOKEN).statusCode())
				.isEqualTo(200);
		}
		assertThat(redis.isRunning()).isFalse();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(demoPort));
	}

	@ParameterizedTest
	@ValueSource(strings = { "authcache.kratos.base-url", "authcache.introspection.uri", "authcache.jwt.jwk-set-uri",
			"spring.security.oauth2.resourceserver.opaquetoken.introspection-uri",
			"spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
			"spring.security.oauth2.resourceserver.jwt.issuer-uri",
			"spring.security.oauth2.resourceserver.jwt.public-key-location" })
	void initializeWhenAnyIdentityProviderIsConfiguredThenNoDemoIdentityProvider(String property) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			TestPropertyValues.of(property + "=http://127.0.0.1:9/unused", "spring.data.redis.host=127.0.0.1")
				.applyTo(context);
			new EmbeddedDefaultsInitializer().initialize(context);
			assertThat(context.getBeanFactory().getSingletonNames()).isEmpty();
			assertThat(context.getEnvironment().containsProperty("authcache.kratos.base-url"))
				.isEqualTo(property.equals("authcache.kratos.base-url"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "authcache.kratos.base-url", "authcache.introspection.uri", "authcache.jwt.jwk-set-uri" })
	void demoCredentialsAreRefusedWhenAnIdentityProviderIsConfigured(String property) throws Exception {
		try (OryStub ory = OryStub.start();
				ConfigurableApplicationContext context = run("--" + property + "=" + identityProviderUrl(ory, property),
						"--authcache.jwt.required-audiences=api")) {
			assertThat(context.getBeansOfType(DemoIdentityProvider.class)).isEmpty();
			assertThat(context.getEnvironment().containsProperty("authcache.kratos.admin-url")).isFalse();
			assertThat(getMe(context, "X-Session-Token", DemoIdentityProvider.SESSION_TOKEN).statusCode())
				.isEqualTo(401);
			assertThat(getMe(context, "Authorization", "Bearer " + DemoIdentityProvider.SESSION_TOKEN).statusCode())
				.isNotEqualTo(200);
			assertThat(getMe(context, "Authorization", "Bearer " + DemoIdentityProvider.ACCESS_TOKEN).statusCode())
				.isNotEqualTo(200);
		}
	}

	@Test
	void nothingEmbeddedStartsWhenRedisAndIdentityProviderAreConfigured() throws Exception {
		try (RedisServer redis = RedisServer.builder().start(); OryStub ory = OryStub.start()) {
			KratosSessionSpec session = ory.registerSession();
			try (ConfigurableApplicationContext context = run("--spring.data.redis.host=" + redis.host(),
					"--spring.data.redis.port=" + redis.port(), "--authcache.kratos.base-url=" + ory.kratosPublicUrl(),
					"--authcache.introspection.uri=" + ory.introspectionUri(),
					"--authcache.cache.secret=" + "s".repeat(32))) {
				assertThat(context.getBeansOfType(EmbeddedRedis.class)).isEmpty();
				assertThat(context.getBeansOfType(DemoIdentityProvider.class)).isEmpty();
				assertThat(context.getEnvironment()
					.getPropertySources()
					.contains(EmbeddedDefaultsInitializer.PROPERTY_SOURCE_NAME)).isFalse();
				HttpResponse<String> response = getMe(context, "X-Session-Token", session.requiredToken());
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

	private static String identityProviderUrl(OryStub ory, String property) {
		if (property.contains("kratos")) {
			return ory.kratosPublicUrl();
		}
		return property.contains("introspection") ? ory.introspectionUri() : ory.baseUrl() + "/.well-known/jwks.json";
	}

	private HttpResponse<String> getMe(ConfigurableApplicationContext context, String header, String value)
			throws IOException, InterruptedException {
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
			.header(header, value)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext run(String... args) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0"));
		arguments.addAll(List.of(args));
		return new SpringApplicationBuilder(SampleApplication.class).run(arguments.toArray(String[]::new));
	}

	private static void connect(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
		}
	}

}
