/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.actuate;

import java.util.Map;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.credential.CredentialKind;
import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EntryCounter} against a real {@code redis-server}: exact counts on a
 * small cache, lower bounds and a bounded number of {@code SCAN} calls on a large one.
 *
 * @author authcache authors
 */
@ExtendWith(RealServersExtension.class)
class EntryCounterTests {

	private static final CacheKeys keys = new CacheKeys("authcache:", null);

	private static JedisConnectionFactory connectionFactory;

	private Jedis jedis;

	@BeforeAll
	static void connect(RedisServer redis) {
		connectionFactory = new JedisConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void openJedis(RedisServer redis) {
		if (this.jedis == null) {
			this.jedis = redis.jedis();
		}
	}

	@Test
	void countWhenSmallCacheThenExactCountsByKind() {
		write(CredentialKind.SESSION, 3);
		write(CredentialKind.TOKEN, 2);
		this.jedis.set("authcache:user:someone", "x");
		this.jedis.set("other:data", "x");
		Map<String, Object> entries = new EntryCounter(connectionFactory, keys).count();
		assertThat(entries).containsEntry("session", 3L).containsEntry("token", 2L).containsEntry("complete", true);
	}

	@Test
	void countWhenLargeKeyspaceThenBoundedScanCallsAndLowerBounds() {
		write(CredentialKind.SESSION, 30_000);
		write(CredentialKind.TOKEN, 10);
		this.jedis.configResetStat();
		Map<String, Object> entries = new EntryCounter(connectionFactory, keys).count();
		assertThat(scanCalls()).isLessThanOrEqualTo(2L * EntryCounter.SCAN_CALLS);
		assertThat(entries).containsEntry("complete", false);
		assertThat((Long) entries.get("session")).isPositive().isLessThan(30_000L);
		assertThat((Long) entries.get("token")).isBetween(0L, 10L);
	}

	@Test
	void countWhenRedisIsDownThenNull() {
		try (RedisServer stopped = RedisServer.builder().start()) {
			JedisConnectionFactory factory = new JedisConnectionFactory(
					new RedisStandaloneConfiguration(stopped.host(), stopped.port()));
			factory.afterPropertiesSet();
			factory.start();
			stopped.stop();
			assertThat(new EntryCounter(factory, keys).count()).isNull();
			factory.destroy();
		}
	}

	private void write(CredentialKind kind, int count) {
		Pipeline pipeline = this.jedis.pipelined();
		for (int i = 0; i < count; i++) {
			pipeline.set(keys.entryKeyPrefix(kind) + i, "x");
		}
		pipeline.sync();
	}

	private long scanCalls() {
		String stats = this.jedis.info("commandstats");
		for (String line : stats.split("\r?\n")) {
			if (line.startsWith("cmdstat_scan:")) {
				return Long.parseLong(line.substring("cmdstat_scan:calls=".length(), line.indexOf(',')));
			}
		}
		return 0;
	}

}
