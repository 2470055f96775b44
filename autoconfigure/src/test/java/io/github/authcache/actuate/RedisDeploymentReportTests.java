/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.actuate;

import java.util.List;
import java.util.Map;

import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.RedisCapabilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisDeploymentReport} against real {@code redis-server}s configured
 * in different ways.
 *
 * @author authcache authors
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisDeploymentReportTests {

	@Test
	void inspectWhenAllkeysLruThenWarnsThatMarksCanBeEvictedAndTheMeaningIsStated(CapturedOutput output) {
		try (RedisServer redis = RedisServer.builder().config("maxmemory-policy", "allkeys-lru").start()) {
			Map<String, Object> report = report(redis, null, null, false);
			assertThat(report.get("maxmemory-policy")).isEqualTo("allkeys-lru");
			assertThat((String) report.get("client")).startsWith("jedis 7.");
			assertThat((String) report.get("meaning")).contains("evicted");
			assertThat((List<?>) report.get("warnings")).singleElement()
				.asString()
				.contains("allkeys-lru can evict revocation marks");
			assertThat(output).contains("authcache Redis deployment:").contains("maxmemory-policy: allkeys-lru");
		}
	}

	@Test
	void inspectWhenNoevictionOnLoopbackThenNoWarning() {
		try (RedisServer redis = RedisServer.builder().config("maxmemory-policy", "noeviction").start()) {
			assertThat((List<?>) report(redis, null, null, false).get("warnings")).isEmpty();
		}
	}

	@Test
	void inspectWhenValuesAreUnauthenticatedThenWarnsAndNamesTheProperty(CapturedOutput output) {
		try (RedisServer redis = RedisServer.builder().config("maxmemory-policy", "noeviction").start()) {
			assertThat((List<?>) report(redis, null, null, true).get("warnings")).singleElement()
				.asString()
				.contains("authcache.cache.allow-unauthenticated-values")
				.contains("any user");
			assertThat(output).contains("WARN");
		}
	}

	@Test
	void inspectWhenVolatilePolicyThenWarnsThatMarksCanBeEvicted() {
		try (RedisServer redis = RedisServer.builder().config("maxmemory-policy", "volatile-lru").start()) {
			assertThat((List<?>) report(redis, null, null, false).get("warnings")).singleElement()
				.asString()
				.contains("can evict revocation marks");
		}
	}

	@Test
	void inspectWhenAclUserLacksTheChannelGrantThenWarns() {
		RedisCapabilities.requireRedis7();
		try (RedisServer redis = RedisServer.builder()
			.aclUser("app on >app-secret ~* +@all")
			.aclUser("granted on >granted-secret ~* &authcache:* +@all")
			.start()) {
			assertThat(redis.infoField("server", "redis_version")).startsWith("7");
			assertThat((List<?>) report(redis, "app", "app-secret", false).get("warnings")).singleElement()
				.asString()
				.contains("may not publish on authcache:invalidations");
			assertThat((List<?>) report(redis, "granted", "granted-secret", false).get("warnings")).isEmpty();
		}
	}

	private static Map<String, Object> report(RedisServer redis, String username, String password,
			boolean unauthenticatedValues) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(redis.host(), redis.port());
		if (username != null) {
			configuration.setUsername(username);
			configuration.setPassword(RedisPassword.of(password));
		}
		JedisConnectionFactory connectionFactory = new JedisConnectionFactory(configuration);
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		try {
			RedisDeploymentReport report = new RedisDeploymentReport(connectionFactory, "authcache:invalidations",
					false);
			report.setUnauthenticatedValues(unauthenticatedValues);
			report.inspectAndLog();
			return report.getReport();
		}
		finally {
			connectionFactory.destroy();
		}
	}

}
