/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.Acknowledgements;
import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that an invalidation call returns only when every instance applied it, or once
 * those that did not stop answering from their near cache: two application instances with
 * near caches share one real {@code redis-server}; B's subscriber reads through a
 * connection the test slows down or holds.
 *
 * @author authcache authors
 */
@ExtendWith(RealServersExtension.class)
class NearCacheAcknowledgementTests {

	private static final int ROUNDS = 100;

	private final RedisServer redis;

	private final OryStub ory;

	private final GatedSubscriberConnections gate;

	private AuthCacheInstance a;

	private AuthCacheInstance b;

	NearCacheAcknowledgementTests(RedisServer redis, OryStub ory) {
		this.redis = redis;
		this.ory = ory;
		this.gate = new GatedSubscriberConnections(redis.host(), redis.port());
	}

	@BeforeEach
	void startInstances() {
		String[] properties = { "spring.data.redis.host=" + this.redis.host(),
				"spring.data.redis.port=" + this.redis.port(),
				"authcache.kratos.base-url=" + this.ory.kratosPublicUrl(), "authcache.near-cache.ttl=30s",
				"authcache.near-cache.ack-timeout=100ms", "authcache.upstream.read-timeout=10s" };
		this.a = AuthCacheInstance.start(properties);
		this.b = AuthCacheInstance.start(this.gate, properties);
		InvalidationPropagationTests.await("both caught up", Duration.ofSeconds(5),
				() -> this.a.subscriber().isCaughtUp() && this.b.subscriber().isCaughtUp());
	}

	@AfterEach
	void stopAll() {
		this.gate.release();
		this.b.close();
		this.a.close();
	}

	@Test
	void invalidateWhenOtherInstanceAppliesLateUnderLoadThenItAuthenticatesNothingRevokedAfterTheCallReturned() {
		AtomicBoolean spinning = new AtomicBoolean(true);
		List<Thread> spinners = spin(spinning);
		int stale = 0;
		int complete = 0;
		try {
			for (int i = 0; i < ROUNDS; i++) {
				this.gate.delay(Duration.ZERO);
				KratosSessionSpec session = this.ory.registerSession();
				Credential token = token(session);
				heldInBothNearCaches(token);
				this.ory.revokeSession(session.sessionId());
				this.gate.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(250)));
				Acknowledgements acknowledgements = this.a.invalidator().invalidateUser(session.identityId());
				if (this.b.authenticates(token)) {
					stale++;
				}
				if (acknowledgements.isComplete()) {
					complete++;
				}
			}
		}
		finally {
			spinning.set(false);
			spinners.forEach(NearCacheAcknowledgementTests::join);
			this.gate.delay(Duration.ZERO);
		}
		System.out.printf("near-cache acks: %d of %d invalidations acknowledged by both before the deadline, "
				+ "B behind for %d ms%n", complete, ROUNDS, this.b.subscriber().getTimeBehind().toMillis());
		assertThat(stale).as("requests on B authenticated after A's revoke returned").isZero();
	}

	@Test
	void invalidateWhenEveryInstanceAppliesItThenEveryOneAcknowledged() {
		KratosSessionSpec session = this.ory.registerSession();
		heldInBothNearCaches(token(session));
		long acknowledged = this.a.bean(InvalidationAcks.class).getAcknowledged();
		Acknowledgements acknowledgements = this.a.invalidator().invalidateUser(session.identityId());
		assertThat(acknowledgements).isEqualTo(new Acknowledgements(2, 2));
		assertThat(acknowledgements.isComplete()).isTrue();
		assertThat(this.a.bean(InvalidationAcks.class).getAcknowledged()).isEqualTo(acknowledged + 2);
		assertThat(this.a.bean(InvalidationAcks.class).getTimeouts()).isZero();
		assertThat(this.b.nearCache().get(this.b.entryKey(token(session)))).isNull();
	}

	@Test
	void invalidateWhenOtherInstanceHeldThenItUsesTheStoreUntilCaughtUp() {
		KratosSessionSpec revoked = this.ory.registerSession();
		KratosSessionSpec other = this.ory.registerSession();
		heldInBothNearCaches(token(revoked));
		heldInBothNearCaches(token(other));
		this.ory.revokeSession(revoked.sessionId());
		this.gate.hold();
		Acknowledgements acknowledgements = this.a.invalidator().invalidateUser(revoked.identityId());
		assertThat(acknowledgements).as("delivered to both, acknowledged by A only")
			.isEqualTo(new Acknowledgements(2, 1));
		assertThat(this.a.bean(InvalidationAcks.class).getTimeouts()).isOne();
		assertThat(this.b.subscriber().isCaughtUp()).isFalse();
		long whoamiCalls = this.ory.whoamiCalls();
		long bypassed = this.b.nearCache().getBypassed();
		assertThat(this.b.authenticates(token(revoked))).as("revoked on A, not yet applied on B").isFalse();
		assertThat(this.ory.whoamiCalls()).as("the revoked session is looked up again").isEqualTo(whoamiCalls + 1);
		assertThat(this.b.authenticates(token(other))).isTrue();
		assertThat(this.ory.whoamiCalls()).as("the other session is read from Redis").isEqualTo(whoamiCalls + 1);
		assertThat(this.b.nearCache().getBypassed()).isEqualTo(bypassed + 2);
		this.gate.release();
		InvalidationPropagationTests.await("B caught up", Duration.ofSeconds(2),
				() -> this.b.subscriber().isCaughtUp());
		assertThat(this.b.nearCache().get(this.b.entryKey(token(other)))).as("near cache answers again").isNotNull();
		assertThat(this.b.nearCache().get(this.b.entryKey(token(revoked)))).isNull();
		assertThat(this.b.subscriber().getTimeBehind()).isPositive();
	}

	@Test
	void invalidateWhenForgedAcknowledgementsArriveThenTheyAreNotCounted() {
		KratosSessionSpec session = this.ory.registerSession();
		heldInBothNearCaches(token(session));
		List<String> ackChannels;
		try (Jedis jedis = this.redis.jedis()) {
			ackChannels = jedis.pubsubChannels("*:acks:*");
		}
		assertThat(ackChannels).hasSize(2);
		this.gate.hold();
		AtomicBoolean forging = new AtomicBoolean(true);
		Thread forger = new Thread(() -> {
			try (Jedis jedis = this.redis.jedis()) {
				AckMessageCodec otherSecret = new AckMessageCodec("not the secret");
				while (forging.get()) {
					for (String channel : ackChannels) {
						jedis.publish(channel, "{\"v\":1,\"from\":\"forged\",\"proof\":\"AAAA\"}");
						jedis.publish(channel, otherSecret.encode("anything", "forged-too"));
					}
				}
			}
		});
		forger.start();
		try {
			Acknowledgements acknowledgements = this.a.invalidator().invalidateUser(session.identityId());
			assertThat(acknowledgements).isEqualTo(new Acknowledgements(2, 1));
		}
		finally {
			forging.set(false);
			join(forger);
		}
	}

	private void heldInBothNearCaches(Credential token) {
		String key = this.b.entryKey(token);
		assertThat(this.a.authenticates(token)).isTrue();
		InvalidationPropagationTests.await("B to hold the entry in its near cache", Duration.ofSeconds(5),
				() -> this.b.authenticates(token) && this.b.nearCache().get(key) != null);
	}

	private static List<Thread> spin(AtomicBoolean spinning) {
		List<Thread> spinners = new ArrayList<>();
		for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
			Thread spinner = new Thread(() -> {
				while (spinning.get()) {
					// busy: the instances compete for the CPU
				}
			});
			spinner.setDaemon(true);
			spinner.start();
			spinners.add(spinner);
		}
		return spinners;
	}

	private static void join(Thread thread) {
		try {
			thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Credential token(KratosSessionSpec session) {
		return new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
	}

}
