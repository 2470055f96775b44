/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a revocation found by a background refresh on one instance reaches the near
 * cache of another at once: two application contexts with near caches (30 s) and
 * refresh-ahead after 3 s (so that a slow warm-up never refreshes before the revocation)
 * share one real {@code redis-server} and an Ory stub.
 *
 * @author authcache authors
 */
class RefreshFoundRevocationTests {

	private static final Duration REFRESH_AFTER = Duration.ofSeconds(3);

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private static AuthCacheInstance a;

	private static AuthCacheInstance b;

	@BeforeAll
	static void startInstances() {
		String[] properties = { "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
				"authcache.kratos.base-url=" + ory.kratosPublicUrl(), "authcache.upstream.read-timeout=10s",
				"authcache.near-cache.ttl=30s", "authcache.cache.refresh-after=" + REFRESH_AFTER.toMillis() + "ms" };
		a = AuthCacheInstance.start(properties);
		b = AuthCacheInstance.start(properties);
		Awaitility.await("both caught up")
			.atMost(Duration.ofSeconds(5))
			.until(() -> a.subscriber().isCaughtUp() && b.subscriber().isCaughtUp());
		// Warm both lookup paths up, so that the test's lookups follow each other closely
		Credential warmUp = new Credential(CredentialType.SESSION_TOKEN, ory.registerSession().requiredToken());
		assertThat(a.authenticates(warmUp) && b.authenticates(warmUp)).isTrue();
	}

	@AfterAll
	static void stopAll() {
		b.close();
		a.close();
		ory.close();
		redis.close();
	}

	@BeforeEach
	void setUp() {
		try (Jedis jedis = redis.jedis()) {
			CacheData.clear(jedis);
		}
		a.nearCache().clear();
		b.nearCache().clear();
		ory.reset();
		ory.resetCounters();
	}

	@Test
	void refreshWhenSessionRevokedAtProviderThenOtherInstanceDropsItsNearCopyAndRefusesWithoutAskingUpstream()
			throws InterruptedException {
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		String key = b.entryKey(token);
		assertThat(a.authenticates(token)).isTrue();
		assertThat(b.authenticates(token)).isTrue();
		assertThat(b.nearCache().get(key)).as("B holds the verdict in its near cache").isNotNull();
		ory.revokeSession(session.sessionId());
		// Let the entry grow older than refresh-after: the next hit re-checks it
		Thread.sleep(REFRESH_AFTER.plusMillis(100).toMillis());
		assertThat(ory.whoamiCalls()).as("no refresh before the revocation").isEqualTo(1);
		assertThat(a.authenticates(token)).as("answered from the cache while the refresh runs").isTrue();
		Awaitility.await("the refresh to ask the provider")
			.atMost(Duration.ofSeconds(5))
			.until(() -> ory.whoamiCalls() == 2);
		Awaitility.await("B's near copy to be dropped")
			.atMost(Duration.ofSeconds(5))
			.until(() -> b.nearCache().get(key) == null);
		assertThat(b.authenticates(token)).isFalse();
		assertThat(a.authenticates(token)).isFalse();
		assertThat(ory.whoamiCalls()).as("the negative entry answered both").isEqualTo(2);
	}

}
