/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisTimeoutDefaultsEnvironmentPostProcessor}.
 *
 * @author authcache authors
 */
class RedisTimeoutDefaultsEnvironmentPostProcessorTests {

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void postProcessWhenNothingSetThenShortTimeoutsAndBoundedPoolWait() {
		postProcess();
		assertThat(duration("spring.data.redis.timeout")).isEqualTo(Duration.ofMillis(200));
		assertThat(duration("spring.data.redis.connect-timeout")).isEqualTo(Duration.ofMillis(200));
		assertThat(duration("spring.data.redis.jedis.pool.max-wait")).isEqualTo(Duration.ofMillis(200));
		assertThat(this.environment.containsProperty("spring.data.redis.cluster.max-redirects")).isFalse();
	}

	@Test
	void postProcessWhenUserSetsValuesThenTheirsWin() {
		this.environment.setProperty("spring.data.redis.timeout", "1s");
		this.environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("SPRING_DATA_REDIS_CONNECTTIMEOUT", "2s")));
		this.environment.setProperty("spring.data.redis.jedis.pool.maxWait", "-1ms");
		ConfigurationPropertySources.attach(this.environment);
		postProcess();
		assertThat(duration("spring.data.redis.timeout")).isEqualTo(Duration.ofSeconds(1));
		assertThat(duration("spring.data.redis.connect-timeout")).isEqualTo(Duration.ofSeconds(2));
		assertThat(duration("spring.data.redis.jedis.pool.max-wait")).isEqualTo(Duration.ofMillis(-1));
	}

	@Test
	void postProcessWhenClusterNodesSetThenRedirectsBounded() {
		this.environment.setProperty("spring.data.redis.cluster.nodes", "127.0.0.1:7000");
		postProcess();
		assertThat(this.environment.getProperty("spring.data.redis.cluster.max-redirects")).isEqualTo("2");
	}

	@Test
	void postProcessWhenClusterRedirectsSetThenTheirsWin() {
		this.environment.setProperty("spring.data.redis.cluster.nodes", "127.0.0.1:7000");
		this.environment.setProperty("spring.data.redis.cluster.max-redirects", "5");
		postProcess();
		assertThat(this.environment.getProperty("spring.data.redis.cluster.max-redirects")).isEqualTo("5");
	}

	@Test
	void postProcessWhenAuthCacheDisabledThenNothingAdded() {
		this.environment.setProperty("authcache.enabled", "false");
		postProcess();
		assertThat(this.environment.getPropertySources()
			.contains(RedisTimeoutDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	private void postProcess() {
		new RedisTimeoutDefaultsEnvironmentPostProcessor().postProcessEnvironment(this.environment,
				new SpringApplication());
	}

	private Duration duration(String name) {
		return Binder.get(this.environment).bind(name, Duration.class).get();
	}

}
