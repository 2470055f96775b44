/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.RevocationPendingException;
import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that a revocation made while Redis hangs ({@code SIGSTOP}) survives it: two
 * application instances with near caches share one real {@code redis-server}; a session
 * cached on both is logged out on A during the hang. After {@code SIGCONT}, neither
 * instance serves it from a cache, and A writes the pending mark to Redis.
 *
 * @author authcache authors
 */
@ExtendWith(RealServersExtension.class)
class PendingRevocationTests {

	private final RedisServer redis;

	private final OryStub ory;

	private AuthCacheInstance a;

	private AuthCacheInstance b;

	PendingRevocationTests(RedisServer redis, OryStub ory) {
		this.redis = redis;
		this.ory = ory;
	}

	@BeforeEach
	void startInstances() {
		String[] properties = { "spring.data.redis.host=" + this.redis.host(),
				"spring.data.redis.port=" + this.redis.port(),
				"authcache.kratos.base-url=" + this.ory.kratosPublicUrl(), "authcache.near-cache.ttl=30s" };
		this.a = AuthCacheInstance.start(properties);
		this.b = AuthCacheInstance.start(properties);
	}

	@AfterEach
	void stopAll() {
		if (this.redis.isPaused()) {
			this.redis.resume();
		}
		this.b.close();
		this.a.close();
	}

	@Test
	void invalidateSessionWhenRedisHungThenPendingAndNeitherInstanceServesTheSessionAfterItRecovers()
			throws InterruptedException {
		KratosSessionSpec session = this.ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		assertThat(this.a.authenticates(token)).isTrue();
		assertThat(this.b.authenticates(token)).isTrue();
		assertThat(this.ory.whoamiCalls()).as("cached on both").isEqualTo(1);

		this.redis.pause();
		// Lookups on A time out until its circuit opens: the mark is then never sent (a
		// command sent to a hung Redis may still run when it continues)
		CircuitBreaker circuit = this.a.bean(StoreCircuitBreakers.class).revocation();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (circuit.getState() != CircuitBreaker.State.OPEN) {
			assertThat(System.nanoTime()).as("A's circuit opens").isLessThan(deadline);
			this.a.authenticates(
					new Credential(CredentialType.SESSION_TOKEN, this.ory.registerSession().requiredToken()));
		}
		// Logout as the logout handler does it: Kratos revokes, then the cache
		this.ory.revokeSession(session.sessionId());
		assertThatExceptionOfType(RevocationPendingException.class)
			.isThrownBy(() -> this.a.invalidator().invalidateSession(session.sessionId()));
		assertThat(this.a.authenticates(token)).as("applied on A at once, while Redis hangs").isFalse();
		// Longer than an epoch check (1 s) with its two timed-out attempts
		Thread.sleep(2500);
		this.redis.resume();

		int before = this.ory.whoamiCalls();
		String markKey = new CacheKeys("authcache:", null).sessionMarkKey(session.sessionId());
		assertThat(this.b.authenticates(token)).as("B does not serve it from Redis or its near cache").isFalse();
		assertThat(this.a.authenticates(token)).as("A rejects it after Redis recovers").isFalse();
		assertThat(this.ory.whoamiCalls()).as("B asked Kratos").isGreaterThan(before);
		try (Jedis jedis = this.redis.jedis()) {
			deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (!jedis.exists(markKey)) {
				assertThat(System.nanoTime()).as("the pending mark is written within 5 s").isLessThan(deadline);
				Thread.sleep(50);
			}
			assertThat(jedis.pttl(markKey)).isPositive();
		}
		assertThat(this.a.authenticates(token)).isFalse();
		assertThat(this.b.authenticates(token)).isFalse();
	}

}
