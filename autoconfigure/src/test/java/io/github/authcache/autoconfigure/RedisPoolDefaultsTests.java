/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;

import io.github.authcache.testing.CacheData;
import io.github.authcache.testing.Java21Jvm;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import redis.clients.jedis.DefaultJedisClientConfig;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Jedis pool and connection defaults of authcache's own client
 * ({@link AuthCacheJedisClientConfiguration}).
 *
 * @author authcache authors
 */
class RedisPoolDefaultsTests {

	private final ApplicationContextRunner runner = runner();

	@Test
	void poolWhenNothingSetThenSizedForTomcatsDefaultThreads() {
		this.runner.run((context) -> {
			GenericObjectPoolConfig<?> pool = pool(authCacheConnectionFactory(context));
			assertThat(pool.getMaxTotal()).isEqualTo(200);
			assertThat(pool.getMaxIdle()).isEqualTo(200);
			assertThat(pool.getMaxWaitDuration()).isEqualTo(Duration.ofMillis(200));
		});
	}

	@Test
	void poolWhenContainerThreadsSetThenSizedForThem() {
		this.runner.withPropertyValues("server.tomcat.threads.max=64").run((context) -> {
			GenericObjectPoolConfig<?> pool = pool(authCacheConnectionFactory(context));
			assertThat(pool.getMaxTotal()).isEqualTo(64);
			assertThat(pool.getMaxIdle()).isEqualTo(64);
		});
	}

	@Test
	void poolWhenJettyThreadsSetThenSizedForThem() {
		this.runner.withPropertyValues("server.jetty.threads.max=32")
			.run((context) -> assertThat(pool(authCacheConnectionFactory(context)).getMaxTotal()).isEqualTo(32));
	}

	@Test
	void poolWhenUserSetsSizesThenTheirsWin() {
		this.runner
			.withPropertyValues("server.tomcat.threads.max=64", "authcache.redis.pool.max-active=16",
					"authcache.redis.pool.max-wait=50ms")
			.run((context) -> {
				GenericObjectPoolConfig<?> pool = pool(authCacheConnectionFactory(context));
				assertThat(pool.getMaxTotal()).isEqualTo(16);
				assertThat(pool.getMaxIdle()).isEqualTo(16);
				assertThat(pool.getMaxWaitDuration()).isEqualTo(Duration.ofMillis(50));
			});
		this.runner.withPropertyValues("authcache.redis.pool.max-idle=4")
			.run((context) -> assertThat(pool(authCacheConnectionFactory(context)).getMaxIdle()).isEqualTo(4));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void poolWhenVirtualThreadsThenBoundedWithALongerWait() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			GenericObjectPoolConfig<?> pool = pool(authCacheConnectionFactory(context));
			assertThat(pool.getMaxTotal()).isEqualTo(200);
			assertThat(pool.getMaxWaitDuration()).isEqualTo(Duration.ofSeconds(1));
		});
	}

	/**
	 * Virtual threads need Java 21+ and the build runs on Java 17: the test above then
	 * runs in a JVM of a Java 21+ runtime ({@link VirtualThreadsPoolCheck}).
	 */
	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void poolWhenVirtualThreadsOnAJava21RuntimeThenBoundedWithALongerWait() throws Exception {
		assertThat(Java21Jvm.run(VirtualThreadsPoolCheck.class, Duration.ofSeconds(60)))
			.contains("maxTotal=200 maxWait=PT1S");
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class))
			.withPropertyValues(CacheData.SECRET_PROPERTY, "spring.data.redis.client-type=jedis",
					"spring.data.redis.port=1", "authcache.kratos.base-url=http://127.0.0.1:4433");
	}

	@Test
	@SuppressWarnings("deprecation") // getCustomizer(): Spring Data Redis 4.0 has only it
	void connectionsWhenOpenedThenNoClientSetInfoHandshake() {
		this.runner.run((context) -> {
			JedisClientConfiguration configuration = authCacheConnectionFactory(context).getClientConfiguration();
			DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder();
			configuration.getCustomizer().orElseThrow().customize(builder);
			assertThat(builder.build().getClientSetInfoConfig().isDisabled()).isTrue();
		});
	}

	static JedisConnectionFactory authCacheConnectionFactory(ApplicationContext context) {
		return (JedisConnectionFactory) context.getBean(AuthCacheRedis.class).connectionFactory();
	}

	static GenericObjectPoolConfig<?> pool(JedisConnectionFactory connectionFactory) {
		return connectionFactory.getClientConfiguration().getPoolConfig().orElseThrow();
	}

}
