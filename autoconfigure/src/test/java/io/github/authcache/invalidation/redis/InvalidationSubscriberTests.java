/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;

import io.github.authcache.cache.CacheEntry;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.RevocationPendingException;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the {@link InvalidationSubscriber} survives what Jedis alone does not: a
 * Redis restart, a killed pub/sub connection and a hung server, flushing the near cache
 * on every reconnect and enforcing revocations made on another instance afterwards.
 *
 * @author authcache authors
 */
class InvalidationSubscriberTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private static AuthCacheInstance a;

	private static AuthCacheInstance b;

	@BeforeAll
	static void startInstances() {
		String[] properties = { "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
				"authcache.kratos.base-url=" + ory.kratosPublicUrl(), "authcache.near-cache.ttl=30s" };
		a = AuthCacheInstance.start(properties);
		b = AuthCacheInstance.start(properties);
		awaitSubscribed();
	}

	@AfterEach
	void recover() {
		if (redis.isPaused()) {
			redis.resume();
		}
		redis.start();
		awaitSubscribed();
	}

	@AfterAll
	static void stopAll() {
		b.close();
		a.close();
		ory.close();
		redis.close();
	}

	@Test
	void subscriberWhenRedisRestartedThenResubscribesFlushesAndEnforcesRevocations() {
		long reconnects = b.subscriber().getReconnects();
		holdNear();
		redis.stop();
		InvalidationPropagationTests.await("B to notice the lost subscription", Duration.ofSeconds(3),
				() -> !b.subscriber().isSubscribed());
		InvalidationPropagationTests.await("B's near cache to be flushed", Duration.ofMillis(200),
				() -> b.nearCache().size() == 0);
		redis.start();
		awaitReconnected(reconnects);
		assertEnforcesRevocationFromA();
	}

	@Test
	void subscriberWhenPubSubConnectionKilledThenResubscribesFlushesAndEnforcesRevocations() {
		long reconnects = b.subscriber().getReconnects();
		holdNear();
		try (Jedis jedis = redis.jedis()) {
			assertThat(jedis.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub")).isEqualTo(2L);
		}
		awaitReconnected(reconnects);
		assertEnforcesRevocationFromA();
	}

	@Test
	void subscriberWhenRedisHangsThenWatchdogReconnectsFlushesAndEnforcesRevocations() {
		long reconnects = b.subscriber().getReconnects();
		holdNear();
		long start = System.nanoTime();
		redis.pause();
		InvalidationPropagationTests.await("the watchdog to drop the silent subscription", Duration.ofSeconds(5),
				() -> !b.subscriber().isSubscribed());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4500));
		InvalidationPropagationTests.await("B's near cache to be flushed", Duration.ofMillis(200),
				() -> b.nearCache().size() == 0);
		redis.resume();
		awaitReconnected(reconnects);
		assertEnforcesRevocationFromA();
	}

	/**
	 * A broadcast drops B's near entries and applies A's mark to B's own table: an entry
	 * that lands in B's near cache after the drop (a lookup on B that checked its marks
	 * before the broadcast and held its answer after it) is still refused on its next
	 * use, because a near-cache hit is checked against the marks B knows.
	 */
	@Test
	void messageWhenNearEntryHeldAfterTheDropThenTheAppliedMarkRefusesIt() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = token(session);
		String key = b.entryKey(token);
		assertThat(a.authenticates(token)).isTrue();
		assertThat(b.authenticates(token)).isTrue();
		CacheEntry held = b.nearCache().get(key);
		assertThat(held).isNotNull();
		ory.revokeSession(session.sessionId());
		long received = b.subscriber().getReceived();
		a.invalidator().invalidateUser(session.identityId());
		InvalidationPropagationTests.await("B to apply the broadcast", Duration.ofSeconds(5),
				() -> b.subscriber().getReceived() > received);
		assertThat(b.nearCache().get(key)).as("dropped by the broadcast").isNull();
		b.nearCache().put(key, held, Duration.ofSeconds(30));
		int whoamiCalls = ory.whoamiCalls();
		assertThat(b.authenticates(token)).as("the late near entry is refused").isFalse();
		assertThat(ory.whoamiCalls()).as("asked the upstream instead").isEqualTo(whoamiCalls + 1);
	}

	/**
	 * Put an entry into B's near cache.
	 */
	private void holdNear() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = token(session);
		assertThat(b.authenticates(token)).isTrue();
		assertThat(b.nearCache().get(b.entryKey(token))).isNotNull();
	}

	private void awaitReconnected(long reconnects) {
		InvalidationPropagationTests.await("B to resubscribe", Duration.ofSeconds(8),
				() -> b.subscriber().getReconnects() > reconnects);
		InvalidationPropagationTests.await("B to catch up", Duration.ofSeconds(2), () -> b.subscriber().isCaughtUp());
		assertThat(b.nearCache().size()).as("near cache flushed on resubscribe").isZero();
		awaitSubscribed();
	}

	/**
	 * A session cached in B's near cache, revoked at the upstream and invalidated on A,
	 * is no longer authenticated by B within a second. Right after a restart A's first
	 * calls may fail on pooled connections the restart closed; its revocation is then
	 * pending, and A's writer writes and announces it at its next attempt (100 ms later),
	 * which B must see within the same second.
	 */
	private void assertEnforcesRevocationFromA() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = token(session);
		assertThat(a.authenticates(token)).isTrue();
		assertThat(b.authenticates(token)).isTrue();
		assertThat(b.nearCache().get(b.entryKey(token))).isNotNull();
		ory.revokeSession(session.sessionId());
		try {
			a.invalidator().invalidateUser(session.identityId());
		}
		catch (RevocationPendingException ex) {
			// held on A, written and announced by A's writer: what B sees is asserted
			// below
		}
		InvalidationPropagationTests.await("B to stop authenticating the revoked session", Duration.ofSeconds(1),
				() -> !b.authenticates(token));
	}

	private static void awaitSubscribed() {
		InvalidationPropagationTests.await("both subscribed", Duration.ofSeconds(8),
				() -> a.subscriber().isCaughtUp() && b.subscriber().isCaughtUp());
	}

	private static Credential token(KratosSessionSpec session) {
		return new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
	}

}
