/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.authcache.cache.Invalidation;
import io.github.authcache.cache.MarkSeal;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisCluster;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests invalidation propagation on a real Redis Cluster (three masters, three replicas):
 * the two instances' subscribers sit on different nodes, and the cache's own commands
 * never cross slots.
 *
 * @author authcache authors
 */
class ClusterInvalidationPropagationTests {

	private static final RedisCluster cluster = RedisCluster.start();

	private static final OryStub ory = OryStub.start();

	private static AuthCacheInstance a;

	private static AuthCacheInstance b;

	@BeforeAll
	static void startInstances() {
		List<RedisServer> nodes = cluster.nodes();
		a = AuthCacheInstance.start(properties(nodes.get(0), nodes.get(1)));
		b = AuthCacheInstance.start(properties(nodes.get(4), nodes.get(2)));
		InvalidationPropagationTests.await("both subscribed", Duration.ofSeconds(8),
				() -> a.subscriber().isSubscribed() && b.subscriber().isSubscribed());
	}

	private static String[] properties(RedisServer first, RedisServer second) {
		return new String[] { "spring.data.redis.cluster.nodes=" + first.address() + "," + second.address(),
				"authcache.kratos.base-url=" + ory.kratosPublicUrl(), "authcache.near-cache.ttl=30s" };
	}

	@AfterAll
	static void stopAll() {
		b.close();
		a.close();
		ory.close();
		cluster.close();
	}

	@Test
	void publishWhenOnOneNodeThenSubscriberOnAnotherNodeApplies() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = token(session);
		assertThat(b.authenticates(token)).isTrue();
		String key = b.entryKey(token);
		assertThat(b.nearCache().get(key)).isNotNull();
		long received = b.subscriber().getReceived();
		String message = new InvalidationMessageCodec(b.bean(MarkSeal.class))
			.encode(new Invalidation(Invalidation.Type.USER, session.identityId(), Instant.now()), "another-instance");
		try (Jedis node = cluster.nodes().get(0).jedis()) {
			node.publish("authcache:invalidations", message);
		}
		InvalidationPropagationTests.await("B's subscriber on another node to apply the message", Duration.ofSeconds(2),
				() -> b.subscriber().getReceived() > received);
		assertThat(b.nearCache().get(key)).isNull();
	}

	@Test
	void invalidateWhenOnOneInstanceThenOtherStopsAuthenticatingAndNoCommandCrossesSlots() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = token(session);
		int before = ory.whoamiCalls();
		assertThat(a.authenticates(token)).isTrue();
		assertThat(b.authenticates(token)).isTrue();
		assertThat(b.authenticates(token)).isTrue();
		assertThat(ory.whoamiCalls()).as("B answered from the cluster, not the upstream").isEqualTo(before + 1);
		b.nearCache().clear();
		assertThat(b.authenticates(token)).isTrue();
		assertThat(ory.whoamiCalls()).as("entry and revocation marks read from the cluster").isEqualTo(before + 1);
		ory.revokeSession(session.sessionId());
		a.invalidator().invalidateUser(session.identityId());
		InvalidationPropagationTests.await("B to stop authenticating the revoked session", Duration.ofSeconds(1),
				() -> !b.authenticates(token));
	}

	private static Credential token(KratosSessionSpec session) {
		return new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
	}

}
