/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.github.authcache.actuate.JedisVersion;
import io.github.authcache.testing.CacheData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JedisHostnameVerificationCheck} and
 * {@link JedisHostnameVerificationFailureAnalyzer}: the version of the Jedis on the
 * classpath is simulated by a class loader that answers Jedis's {@code pom.properties}
 * with another version.
 *
 * @author authcache authors
 */
class JedisHostnameVerificationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, AuthCacheAutoConfiguration.class))
		.withConfiguration(AutoConfigurations.of(AuthCacheResolverAutoConfiguration.class))
		.withPropertyValues(CacheData.SECRET_PROPERTY, "spring.data.redis.client-type=jedis",
				"spring.data.redis.port=1", "authcache.kratos.base-url=http://127.0.0.1:4433");

	@Test
	void startupFailsWhenAJedisConnectionFactoryUsesTlsAndJedisCannotVerifyHostNames() {
		this.runner.withClassLoader(jedis("7.4.1"))
			.withUserConfiguration(TlsConnectionFactory.class)
			.run((context) -> assertFailureNamesTheFix(context.getStartupFailure()));
	}

	@Test
	void startupSucceedsWithAnOldJedisWhenOnlyTheApplicationsOwnConnectionFactoryUsesTls() {
		this.runner.withClassLoader(jedis("7.4.1"))
			.withUserConfiguration(ApplicationTlsConnectionFactory.class)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JedisHostnameVerificationCheck.class));
	}

	@Test
	void startupFailsWhenTheRevocationRedisUsesTlsAndJedisCannotVerifyHostNames() {
		this.runner.withClassLoader(jedis("7.4.1"))
			.withPropertyValues("authcache.revocation.redis-url=rediss://127.0.0.1:1")
			.run((context) -> assertFailureNamesTheFix(context.getStartupFailure()));
	}

	@Test
	void startupSucceedsWhenAJedisConnectionFactoryUsesTlsAndJedisVerifiesHostNames() {
		assertThat(JedisVersion.verifiesHostnames(JedisVersion.read(getClass().getClassLoader()))).isTrue();
		this.runner.withUserConfiguration(TlsConnectionFactory.class)
			.withPropertyValues("authcache.revocation.redis-url=rediss://127.0.0.1:1")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JedisHostnameVerificationCheck.class));
	}

	@Test
	void startupSucceedsWithAnOldJedisWhenSpringBootConfiguresTlsBecauseTheEndpointIsIdentified() {
		this.runner.withClassLoader(jedis("7.4.1"))
			.withPropertyValues("spring.data.redis.ssl.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JedisHostnameVerificationCheck.class));
	}

	@Test
	void startupSucceedsWithAnOldJedisWithoutTls() {
		this.runner.withClassLoader(jedis("7.4.1"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JedisHostnameVerificationCheck.class));
	}

	@Test
	void startupSucceedsWithAnOldJedisWhenHostNameVerificationIsTurnedOff() {
		this.runner.withClassLoader(jedis("7.4.1"))
			.withUserConfiguration(TlsConnectionFactory.class)
			.withPropertyValues("authcache.redis.verify-hostname=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JedisHostnameVerificationCheck.class));
	}

	@Test
	void verifiesHostnamesFromJedis750() {
		assertThat(JedisVersion.verifiesHostnames("7.4.1")).isFalse();
		assertThat(JedisVersion.verifiesHostnames("6.0.0")).isFalse();
		assertThat(JedisVersion.verifiesHostnames("7.5.0")).isTrue();
		assertThat(JedisVersion.verifiesHostnames("7.5.3")).isTrue();
		assertThat(JedisVersion.verifiesHostnames("8.0.0-beta1")).isTrue();
		assertThat(JedisVersion.verifiesHostnames("unknown")).isFalse();
		assertThat(JedisVersion.verifiesHostnames(null)).isFalse();
	}

	private static void assertFailureNamesTheFix(Throwable failure) {
		assertThat(failure).rootCause()
			.isInstanceOf(JedisHostnameVerificationException.class)
			.hasMessageContaining("Jedis 7.4.1");
		FailureAnalysis analysis = new JedisHostnameVerificationFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("7.4.1").contains("host name");
		assertThat(analysis.getAction()).contains("authcache-dependencies")
			.contains("jedis.version")
			.contains("authcache.redis.verify-hostname=false");
	}

	private static ClassLoader jedis(String version) {
		return new ClassLoader(JedisHostnameVerificationTests.class.getClassLoader()) {

			@Override
			public InputStream getResourceAsStream(String name) {
				if (JedisVersion.POM_PROPERTIES.equals(name)) {
					return new ByteArrayInputStream(("version=" + version).getBytes(StandardCharsets.ISO_8859_1));
				}
				return super.getResourceAsStream(name);
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class TlsConnectionFactory {

		@Bean
		@AuthCacheRedisConnectionFactory
		JedisConnectionFactory redisConnectionFactory() {
			return new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1),
					JedisClientConfiguration.builder().useSsl().build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationTlsConnectionFactory {

		@Bean
		JedisConnectionFactory redisConnectionFactory() {
			return new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1),
					JedisClientConfiguration.builder().useSsl().build());
		}

	}

}
