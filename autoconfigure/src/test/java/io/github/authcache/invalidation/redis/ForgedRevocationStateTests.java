/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.IgnoredMarks.Reason;
import io.github.authcache.cache.Invalidation;
import io.github.authcache.cache.MarkSeal;
import io.github.authcache.cache.ValueProtection;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that whoever can write to Redis without the secret changes nothing: a forged
 * invalidation message or revocation mark is ignored, and one dated in the future too;
 * and that during a secret rotation a credential's revocation holds on every instance,
 * whichever secret each calls current. One real redis-server, three instances.
 *
 * @author authcache authors
 */
class ForgedRevocationStateTests {

	private static final String FIRST = "the-first-secret-of-the-rotation-0123456789";

	private static final String SECOND = "the-second-secret-of-the-rotation-0123456789";

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private static AuthCacheInstance near;

	private static AuthCacheInstance first;

	private static AuthCacheInstance second;

	@BeforeAll
	static void startInstances() {
		String[] properties = { "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
				"authcache.kratos.base-url=" + ory.kratosPublicUrl(), "authcache.upstream.read-timeout=5s" };
		near = AuthCacheInstance.start(properties);
		first = AuthCacheInstance.start(with(properties, "authcache.near-cache.enabled=false",
				"authcache.cache.secret=" + FIRST, "authcache.cache.previous-secrets=" + SECOND));
		second = AuthCacheInstance.start(with(properties, "authcache.near-cache.enabled=false",
				"authcache.cache.secret=" + SECOND, "authcache.cache.previous-secrets=" + FIRST));
		InvalidationPropagationTests.await("subscribed", Duration.ofSeconds(8), () -> near.subscriber().isSubscribed());
	}

	@AfterAll
	static void stopAll() {
		second.close();
		first.close();
		near.close();
		ory.close();
		redis.close();
	}

	@Test
	void publishWhenForgedOrDatedInTheFutureThenTheUsersRequestsStayCached() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = token(session);
		assertThat(near.authenticates(token)).isTrue();
		int whoamiCalls = ory.whoamiCalls();
		MarkSeal seal = near.bean(MarkSeal.class);
		long unauthenticated = seal.ignored().count(Reason.UNAUTHENTICATED);
		long future = seal.ignored().count(Reason.FUTURE);
		String user = session.identityId();
		publish("{\"v\":1,\"type\":\"USER\",\"target\":\"" + user + "\",\"at\":4102444800000000,\"sender\":\"x\"}");
		MarkSeal unknown = MarkSeal.of("a-secret-no-instance-knows-0123456789", List.of());
		publish(new InvalidationMessageCodec(unknown).encode(userRevoked(user, Instant.now()), "x"));
		publish(new InvalidationMessageCodec(seal).encode(userRevoked(user, Instant.now().plusSeconds(3600)), "x"));
		long received = near.subscriber().getReceived();
		// Messages arrive in order: once this one is applied, the three above were read
		publish(new InvalidationMessageCodec(seal).encode(userRevoked("someone-else", Instant.now()), "x"));
		InvalidationPropagationTests.await("the genuine message to be applied", Duration.ofSeconds(5),
				() -> near.subscriber().getReceived() > received);
		for (int i = 0; i < 10; i++) {
			assertThat(near.authenticates(token)).isTrue();
		}
		assertThat(ory.whoamiCalls()).as("whoami calls").isEqualTo(whoamiCalls);
		assertThat(seal.ignored().count(Reason.UNAUTHENTICATED)).isEqualTo(unauthenticated + 2);
		assertThat(seal.ignored().count(Reason.FUTURE)).isEqualTo(future + 1);
	}

	@Test
	void setWhenAMarkIsForgedThenTheUsersRequestsStayCached() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = token(session);
		assertThat(first.authenticates(token)).isTrue();
		int whoamiCalls = ory.whoamiCalls();
		String markKey = first.bean(CacheKeys.class).userMarkKey(session.identityId());
		MarkSeal unknown = MarkSeal.of("a-secret-no-instance-knows-0123456789", List.of());
		try (Jedis jedis = redis.jedis()) {
			jedis.set(markKey, micros(Instant.now()));
			assertThat(first.authenticates(token)).isTrue();
			jedis.set(markKey, unknown.sealMark(markKey, micros(Instant.now())));
			assertThat(first.authenticates(token)).isTrue();
			assertThat(ory.whoamiCalls()).as("whoami calls").isEqualTo(whoamiCalls);
		}
		// A genuine mark, sealed by an instance with the other secret, holds
		second.invalidator().invalidateUser(session.identityId());
		assertThat(first.authenticates(token)).isTrue();
		assertThat(ory.whoamiCalls()).as("asked again after the genuine mark").isEqualTo(whoamiCalls + 1);
	}

	@Test
	void invalidateCredentialDuringARotationThenRefusedOnEveryInstance() {
		assertLogoutHolds(first, second);
		assertLogoutHolds(second, first);
	}

	@Test
	void getWhenAValueIsSealedWithThePreviousSecretThenMiss() {
		// Whoever holds the secret rotated away (after a leak) and can write to Redis
		KratosSessionSpec session = ory.registerSession();
		Credential token = token(session);
		assertThat(second.authenticates(token)).isTrue();
		int whoamiCalls = ory.whoamiCalls();
		String key = second.entryKey(token);
		try (Jedis jedis = redis.jedis()) {
			ByteBuffer plain = ValueProtection.of(SECOND, false).open(key, jedis.get(key));
			byte[] value = new byte[plain.remaining()];
			plain.get(value);
			jedis.psetex(key, 60_000, ValueProtection.of(FIRST, false).seal(key, value));
		}
		assertThat(second.authenticates(token)).isTrue();
		assertThat(ory.whoamiCalls()).as("asked the upstream instead").isEqualTo(whoamiCalls + 1);
	}

	private static void assertLogoutHolds(AuthCacheInstance loggingOut, AuthCacheInstance other) {
		KratosSessionSpec session = ory.registerSession();
		Credential token = token(session);
		assertThat(loggingOut.authenticates(token)).isTrue();
		assertThat(other.authenticates(token)).isTrue();
		assertThat(other.entryKey(token)).as("each derives its own key").isNotEqualTo(loggingOut.entryKey(token));
		ory.revokeSession(session.sessionId());
		loggingOut.invalidator().invalidateCredential(token);
		assertThat(other.authenticates(token)).as("refused by the instance with the other secret").isFalse();
	}

	private static void publish(String message) {
		try (Jedis jedis = redis.jedis()) {
			jedis.publish("authcache:invalidations", message);
		}
	}

	private static Invalidation userRevoked(String userId, Instant at) {
		return new Invalidation(Invalidation.Type.USER, userId, at);
	}

	private static String micros(Instant instant) {
		return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
	}

	private static Credential token(KratosSessionSpec session) {
		return new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
	}

	private static String[] with(String[] properties, String... more) {
		String[] all = new String[properties.length + more.length];
		System.arraycopy(properties, 0, all, 0, properties.length);
		System.arraycopy(more, 0, all, properties.length, more.length);
		return all;
	}

}
