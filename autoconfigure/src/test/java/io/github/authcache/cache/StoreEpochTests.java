/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StoreEpoch} against a real {@code redis-server} that is restarted
 * empty.
 *
 * @author authcache authors
 */
class StoreEpochTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void checkWhenRedisRestartedEmptyThenTheCacheIsSkippedUntilTheLongestTtlHasPassed() {
		CredentialCacheTests.MutableClock clock = new CredentialCacheTests.MutableClock(Instant.now());
		JedisConnectionFactory connectionFactory = new JedisConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		try (CacheFixture fixture = new CacheFixture(redis, ory)) {
			StoreEpoch epoch = new StoreEpoch(new StringRedisTemplate(connectionFactory), "authcache:",
					Duration.ofSeconds(63));
			epoch.setClock(clock);
			fixture.cache().setStoreEpoch(epoch);
			epoch.check();
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			fixture.cache().lookup(token, null);
			fixture.cache().lookup(token, null);
			assertThat(ory.whoamiCalls()).isEqualTo(1);
			epoch.check();
			assertThat(epoch.isTrusted()).isTrue();
			redis.stop();
			redis.start();
			epoch.check();
			assertThat(epoch.isTrusted()).isFalse();
			fixture.cache().lookup(token, null);
			fixture.cache().lookup(token, null);
			assertThat(ory.whoamiCalls()).as("the cache is skipped").isEqualTo(3);
			clock.advance(Duration.ofSeconds(64));
			epoch.check();
			assertThat(epoch.isTrusted()).isTrue();
			fixture.cache().lookup(token, null);
			assertThat(ory.whoamiCalls()).as("hits resume").isEqualTo(3);
		}
		finally {
			connectionFactory.destroy();
		}
	}

}
