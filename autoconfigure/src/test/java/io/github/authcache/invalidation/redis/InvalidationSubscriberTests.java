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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

	@RegisterExtension
	static final TwoInstances instances = new TwoInstances("authcache.near-cache.ttl=30s");

	@AfterEach
	void recover() {
		if (instances.redis().isPaused()) {
			instances.redis().resume();
		}
		instances.redis().start();
		instances.awaitSubscribed();
	}

	@Test
	void subscriberWhenRedisRestartedThenResubscribesFlushesAndEnforcesRevocations() {
		long reconnects = instances.b().subscriber().getReconnects();
		holdNear();
		instances.redis().stop();
		InvalidationPropagationTests.await("B to notice the lost subscription", Duration.ofSeconds(3),
				() -> !instances.b().subscriber().isSubscribed());
		InvalidationPropagationTests.await("B's near cache to be flushed", Duration.ofMillis(200),
				() -> instances.b().nearCache().size() == 0);
		instances.redis().start();
		awaitReconnected(reconnects);
		assertEnforcesRevocationFromA();
	}

	@Test
	void subscriberWhenPubSubConnectionKilledThenResubscribesFlushesAndEnforcesRevocations() {
		long reconnects = instances.b().subscriber().getReconnects();
		holdNear();
		try (Jedis jedis = instances.redis().jedis()) {
			assertThat(jedis.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub")).isEqualTo(2L);
		}
		awaitReconnected(reconnects);
		assertEnforcesRevocationFromA();
	}

	@Test
	void subscriberWhenRedisHangsThenWatchdogReconnectsFlushesAndEnforcesRevocations() {
		long reconnects = instances.b().subscriber().getReconnects();
		holdNear();
		long start = System.nanoTime();
		instances.redis().pause();
		InvalidationPropagationTests.await("the watchdog to drop the silent subscription", Duration.ofSeconds(5),
				() -> !instances.b().subscriber().isSubscribed());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4500));
		InvalidationPropagationTests.await("B's near cache to be flushed", Duration.ofMillis(200),
				() -> instances.b().nearCache().size() == 0);
		instances.redis().resume();
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
		KratosSessionSpec session = instances.ory().registerSession();
		Credential token = token(session);
		String key = instances.b().entryKey(token);
		assertThat(instances.a().authenticates(token)).isTrue();
		assertThat(instances.b().authenticates(token)).isTrue();
		CacheEntry held = instances.b().nearCache().get(key);
		assertThat(held).isNotNull();
		instances.ory().revokeSession(session.sessionId());
		long received = instances.b().subscriber().getReceived();
		instances.a().invalidator().invalidateUser(session.identityId());
		InvalidationPropagationTests.await("B to apply the broadcast", Duration.ofSeconds(5),
				() -> instances.b().subscriber().getReceived() > received);
		assertThat(instances.b().nearCache().get(key)).as("dropped by the broadcast").isNull();
		instances.b().nearCache().put(key, held, Duration.ofSeconds(30));
		int whoamiCalls = instances.ory().whoamiCalls();
		assertThat(instances.b().authenticates(token)).as("the late near entry is refused").isFalse();
		assertThat(instances.ory().whoamiCalls()).as("asked the upstream instead").isEqualTo(whoamiCalls + 1);
	}

	/**
	 * Put an entry into B's near cache.
	 */
	private void holdNear() {
		KratosSessionSpec session = instances.ory().registerSession();
		Credential token = token(session);
		assertThat(instances.b().authenticates(token)).isTrue();
		assertThat(instances.b().nearCache().get(instances.b().entryKey(token))).isNotNull();
	}

	private void awaitReconnected(long reconnects) {
		InvalidationPropagationTests.await("B to resubscribe", Duration.ofSeconds(8),
				() -> instances.b().subscriber().getReconnects() > reconnects);
		InvalidationPropagationTests.await("B to catch up", Duration.ofSeconds(2),
				() -> instances.b().subscriber().isCaughtUp());
		assertThat(instances.b().nearCache().size()).as("near cache flushed on resubscribe").isZero();
		instances.awaitSubscribed();
	}

	/**
	 * A session cached in B's near cache, revoked at the upstream and invalidated on A,
	 * is no longer authenticated by B within a second. Right after a restart A's first
	 * calls may fail on pooled connections the restart closed; its revocation is then
	 * pending, and A's writer writes and announces it at its next attempt (100 ms later),
	 * which B must see within the same second.
	 */
	private void assertEnforcesRevocationFromA() {
		KratosSessionSpec session = instances.ory().registerSession();
		Credential token = token(session);
		assertThat(instances.a().authenticates(token)).isTrue();
		assertThat(instances.b().authenticates(token)).isTrue();
		assertThat(instances.b().nearCache().get(instances.b().entryKey(token))).isNotNull();
		instances.ory().revokeSession(session.sessionId());
		try {
			instances.a().invalidator().invalidateUser(session.identityId());
		}
		catch (RevocationPendingException ex) {
			// held on A, written and announced by A's writer: what B sees is asserted
			// below
		}
		InvalidationPropagationTests.await("B to stop authenticating the revoked session", Duration.ofSeconds(1),
				() -> !instances.b().authenticates(token));
	}

	private static Credential token(KratosSessionSpec session) {
		return new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
	}

}
