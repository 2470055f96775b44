/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of authcache in a host application whose Redis is configured by the host: the
 * host's client and {@code spring.data.redis.*} settings stay as the host set them, and
 * authcache talks to Redis through a client of its own, with its own settings, or through
 * {@code authcache.redis.url} or a qualified connection factory.
 *
 * @author authcache authors
 */
class HostRedisTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class))
		.withPropertyValues(CacheData.SECRET_PROPERTY, "authcache.kratos.base-url=" + ory.kratosPublicUrl());

	@BeforeEach
	void clear() {
		try (Jedis jedis = redis.jedis()) {
			jedis.flushAll();
		}
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void lettuceHostKeepsItsSettingsAndAuthCacheHasItsOwn() {
		this.runner
			.withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=3s",
					"spring.data.redis.connect-timeout=4s", "spring.data.redis.lettuce.pool.enabled=true",
					"spring.data.redis.lettuce.pool.max-active=5", "spring.data.redis.jedis.pool.max-active=6")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(RedisConnectionFactory.class)).hasSize(1);
				LettuceConnectionFactory host = context.getBean(LettuceConnectionFactory.class);
				assertThat(host.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(host.getClientConfiguration()
					.getClientOptions()
					.orElseThrow()
					.getSocketOptions()
					.getConnectTimeout()).isEqualTo(Duration.ofSeconds(4));
				JedisConnectionFactory own = authCacheConnectionFactory(context);
				assertThat(own.getClientConfiguration().getReadTimeout()).isEqualTo(Duration.ofMillis(200));
				assertThat(own.getClientConfiguration().getConnectTimeout()).isEqualTo(Duration.ofMillis(200));
				assertThat(own.getClientConfiguration().getPoolConfig().orElseThrow().getMaxTotal()).isEqualTo(200);
				assertThat(own.getPort()).isEqualTo(redis.port());
			});
	}

	@Test
	void lettuceHostsHitIsOneMget() {
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port()).run((context) -> {
			assertThat(context.getBean(RedisConnectionFactory.class)).isInstanceOf(LettuceConnectionFactory.class);
			Credential credential = sessionToken();
			CredentialCache cache = context.getBean(CredentialCache.class);
			assertThat(cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
			int upstreamCalls = ory.whoamiCalls();
			try (Jedis jedis = redis.jedis()) {
				jedis.configResetStat();
			}
			assertThat(cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(ory.whoamiCalls()).isEqualTo(upstreamCalls);
			assertThat(calls("mget")).isOne();
			assertThat(calls("get")).isZero();
			assertThat(calls("exec")).isZero();
		});
	}

	@Test
	void qualifiedConnectionFactoryIsUsedWhenPresent() {
		this.runner.withPropertyValues("spring.data.redis.port=1")
			.withUserConfiguration(QualifiedConnectionFactory.class)
			.run((context) -> {
				assertThat(context.getBean(AuthCacheRedis.class).connectionFactory())
					.isSameAs(context.getBean("authCacheConnectionFactory"));
				assertLookupCachesIn(context, 3);
			});
	}

	@Test
	void authCacheRedisUrlWinsOverTheConnectionDetails() {
		this.runner
			.withPropertyValues("spring.data.redis.port=1",
					"authcache.redis.url=redis://" + redis.host() + ":" + redis.port() + "/5")
			.run((context) -> {
				assertThat(authCacheConnectionFactory(context).getPort()).isEqualTo(redis.port());
				assertLookupCachesIn(context, 5);
			});
	}

	@Test
	void environmentHasNoSpringDataRedisValueFromAuthCache() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(HostApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spring.data.redis.port=" + redis.port(), "--" + CacheData.SECRET_PROPERTY,
					"--authcache.kratos.base-url=" + ory.kratosPublicUrl())) {
			List<String> sources = new ArrayList<>();
			for (PropertySource<?> source : context.getEnvironment().getPropertySources()) {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						if (name.startsWith("spring.data.redis.")) {
							sources.add(source.getName() + ": " + name);
						}
					}
				}
			}
			assertThat(sources).containsExactly("commandLineArgs: spring.data.redis.port");
			assertThat(context.getBean(CredentialCache.class)).isNotNull();
		}
	}

	private static void assertLookupCachesIn(ApplicationContext context, int database) {
		assertThat(context.getBean(CredentialCache.class).lookup(sessionToken(), null))
			.isInstanceOf(CacheLookup.Authenticated.class);
		try (Jedis jedis = redis.jedis()) {
			assertThat(jedis.dbSize()).isZero();
			jedis.select(database);
			assertThat(jedis.dbSize()).isPositive();
		}
	}

	private static Credential sessionToken() {
		return new Credential(CredentialType.SESSION_TOKEN, ory.registerSession().requiredToken());
	}

	private static JedisConnectionFactory authCacheConnectionFactory(ApplicationContext context) {
		return (JedisConnectionFactory) context.getBean(AuthCacheRedis.class).connectionFactory();
	}

	private static long calls(String command) {
		String stats = redis.infoField("commandstats", "cmdstat_" + command);
		if (stats == null || stats.isEmpty()) {
			return 0;
		}
		String calls = stats.substring(stats.indexOf("calls=") + 6);
		return Long.parseLong(calls.substring(0, calls.indexOf(',')));
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedConnectionFactory {

		@Bean
		@AuthCacheRedisConnectionFactory
		JedisConnectionFactory authCacheConnectionFactory() {
			RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(redis.host(), redis.port());
			configuration.setDatabase(3);
			return new JedisConnectionFactory(configuration);
		}

	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, AuthCacheResolverAutoConfiguration.class,
			AuthCacheAutoConfiguration.class })
	static class HostApplication {

	}

}
