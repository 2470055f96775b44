/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RedisServer}.
 */
class RedisServerTests {

	@Test
	void startWhenDefaultBinaryThenAnswersPingOnFreeLoopbackPort() {
		try (RedisServer redis = RedisServer.startDefault(); Jedis jedis = redis.jedis()) {
			assertThat(redis.host()).isEqualTo("127.0.0.1");
			assertThat(redis.port()).isNotEqualTo(6379).isPositive();
			assertThat(jedis.ping()).isEqualTo("PONG");
			assertThat(jedis.configGet("save")).containsEntry("save", "");
			assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "no");
		}
	}

	@Test
	void startWhenBinaryOnPathThenAnswersPing() {
		RedisBinary onPath = RedisBinary.detect(Map.of(), "/nonexistent:/usr/bin");
		Assumptions.assumeTrue(onPath.source().equals("PATH"), "redis-server is not installed in /usr/bin");
		assertThat(onPath.path()).hasToString("/usr/bin/redis-server");
		try (RedisServer redis = RedisServer.builder().binary(onPath).start(); Jedis jedis = redis.jedis()) {
			assertThat(redis.port()).isNotEqualTo(6379);
			assertThat(jedis.ping()).isEqualTo("PONG");
		}
	}

	@Test
	void startWhenEmbeddedBinaryThenAnswersPing() {
		RedisBinary embedded = RedisBinary.embedded();
		assertThat(embedded.source()).isEqualTo("embedded-redis");
		assertThat(embedded.version()).startsWith("6.2");
		try (RedisServer redis = RedisServer.builder().binary(embedded).start(); Jedis jedis = redis.jedis()) {
			assertThat(jedis.ping()).isEqualTo("PONG");
			assertThat(jedis.info("server")).contains("redis_version:6.2");
		}
	}

	@Test
	void detectWhenNothingConfiguredAndEmptyPathThenFallsBackToEmbedded() {
		RedisBinary binary = RedisBinary.detect(Map.of(), "");
		assertThat(binary.source()).isEqualTo("embedded-redis");
		assertThat(binary.path()).isExecutable();
	}

	@Test
	void detectWhenRedisServerVariableSetThenUsesIt() {
		String path = RedisBinary.embedded().path().toString();
		RedisBinary binary = RedisBinary.detect(Map.of("REDIS_SERVER", path), "/usr/bin");
		assertThat(binary.source()).isEqualTo("REDIS_SERVER");
		assertThat(binary.path()).hasToString(path);
	}

	@Test
	void startWhenRestartedThenSamePortAndDataLost() {
		try (RedisServer redis = RedisServer.startDefault()) {
			int port = redis.port();
			try (Jedis jedis = redis.jedis()) {
				jedis.set("k", "v");
			}
			redis.stop();
			assertThat(redis.isRunning()).isFalse();
			redis.start();
			assertThat(redis.port()).isEqualTo(port);
			try (Jedis jedis = redis.jedis()) {
				assertThat(jedis.get("k")).isNull();
			}
		}
	}

	@Test
	void startWhenPersistentAndRestartedThenDataKept() {
		try (RedisServer redis = RedisServer.builder().persistent(true).start()) {
			try (Jedis jedis = redis.jedis()) {
				jedis.set("k", "v");
			}
			redis.stop();
			redis.start();
			try (Jedis jedis = redis.jedis()) {
				assertThat(jedis.get("k")).isEqualTo("v");
			}
		}
	}

	@Test
	void killWhenRunningThenConnectionsFailAndStartRecovers() {
		try (RedisServer redis = RedisServer.startDefault()) {
			redis.kill();
			assertThat(redis.isRunning()).isFalse();
			assertThatExceptionOfType(JedisConnectionException.class)
				.isThrownBy(() -> redis.jedis(Duration.ofMillis(200)));
			redis.start();
			try (Jedis jedis = redis.jedis()) {
				assertThat(jedis.ping()).isEqualTo("PONG");
			}
		}
	}

	@Test
	void pauseWhenCalledThenShortSocketTimeoutTimesOutAndResumeRecovers() {
		try (RedisServer redis = RedisServer.startDefault(); Jedis jedis = redis.jedis(Duration.ofMillis(200))) {
			assertThat(jedis.ping()).isEqualTo("PONG");
			redis.pause();
			long started = System.nanoTime();
			assertThatExceptionOfType(JedisConnectionException.class).isThrownBy(jedis::ping)
				.withRootCauseInstanceOf(SocketTimeoutException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			redis.resume();
			try (Jedis fresh = redis.jedis(Duration.ofMillis(200))) {
				assertThat(fresh.ping()).isEqualTo("PONG");
			}
		}
	}

	@Test
	void startWhenPasswordSetThenCommandsRequireIt() {
		try (RedisServer redis = RedisServer.builder().password("s3cret").start()) {
			try (Jedis anonymous = new Jedis(redis.hostAndPort(), DefaultJedisClientConfig.builder().build())) {
				assertThatExceptionOfType(JedisDataException.class).isThrownBy(() -> anonymous.get("k"))
					.withMessageContaining("NOAUTH");
			}
			try (Jedis jedis = redis.jedis()) {
				assertThat(jedis.ping()).isEqualTo("PONG");
			}
			assertThat(redis.password()).isEqualTo("s3cret");
		}
	}

	@Test
	void startWhenConfigAndAclUserGivenThenApplied() {
		try (RedisServer redis = RedisServer.builder()
			.config("maxmemory", "2mb")
			.config("maxmemory-policy", "volatile-lru")
			.aclUser("app on >apppw ~auth:* +@all")
			.start(); Jedis jedis = redis.jedis()) {
			assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", "2097152");
			assertThat(jedis.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "volatile-lru");
			try (Jedis app = new Jedis(redis.hostAndPort(),
					DefaultJedisClientConfig.builder().user("app").password("apppw").build())) {
				app.set("auth:x", "1");
				assertThatExceptionOfType(JedisDataException.class).isThrownBy(() -> app.set("other", "1"))
					.withMessageContaining("NOPERM");
			}
			assertThat(jedis.keys("*")).isEqualTo(Set.of("auth:x"));
		}
	}

	@Test
	void startWhenBadConfigThenErrorContainsLogTail() {
		RedisServer.Builder builder = RedisServer.builder().config("no-such-directive", "1");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(builder::start)
			.withMessageContaining("no-such-directive");
	}

	@Test
	void pidWhenTwoServersThenDistinctPorts() {
		try (RedisServer one = RedisServer.startDefault(); RedisServer two = RedisServer.startDefault()) {
			assertThat(List.of(one.port(), two.port())).doesNotHaveDuplicates();
			assertThat(one.pid()).isNotEqualTo(two.pid());
		}
	}

}
