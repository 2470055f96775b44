/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.UpstreamRevocations;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.AuthCacheContexts;
import io.github.authcache.testing.JwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StoreEpoch} against a real {@code redis-server} that loses its data:
 * restarted empty, its epoch key deleted or evicted, or replaced by a server that holds
 * an old entry without the marks written after it (a failover to a lagging replica). Two
 * instances (contexts of the auto-configuration, each with its own guard and its own
 * revocation table) share the server.
 *
 * @author authcache authors
 */
class StoreEpochTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private static final String EPOCH_KEY = "authcache:epoch";

	@BeforeEach
	void setUp() {
		redis.start();
		try (Jedis jedis = redis.jedis()) {
			jedis.flushAll();
		}
		ory.reset();
		ory.clearState();
		ory.resetCounters();
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void checkWhenRedisRestartedEmptyThenEachCredentialIsFetchedOnceAndCachedAgainAndNoRevokedSessionIsAccepted() {
		twoInstances(AuthCacheContexts.on(redis, ory), (a, b) -> {
			Credential kept = sessionToken(ory.registerSession());
			KratosSessionSpec revokedSession = ory.registerSession();
			Credential revoked = sessionToken(revokedSession);
			assertThat(a.authenticates(kept)).isTrue();
			assertThat(a.authenticates(revoked)).isTrue();
			assertThat(b.authenticates(kept)).isTrue();
			assertThat(ory.whoamiCalls()).isEqualTo(2);
			a.upstreamRevocations().revokeSession(revokedSession.sessionId());

			long restartedAt = System.nanoTime();
			redis.kill();
			redis.start();
			a.check();
			b.check();
			assertThat(a.authenticates(kept)).isTrue();
			assertThat(ory.whoamiCalls()).as("the first lookup after the loss asks Kratos").isEqualTo(3);
			assertThat(b.authenticates(kept)).isTrue();
			assertThat(a.authenticates(kept)).isTrue();
			long resumedMillis = Duration.ofNanos(System.nanoTime() - restartedAt).toMillis();
			System.out.printf("empty restart: cached again %d ms after the restart began%n", resumedMillis);
			assertThat(ory.whoamiCalls()).as("cached again, on both instances").isEqualTo(3);
			assertThat(a.authenticates(revoked)).isFalse();
			assertThat(b.authenticates(revoked)).isFalse();
		});
	}

	@Test
	void checkWhenEpochKeyDeletedThenEachCredentialIsFetchedOnceAndCachedAgain() {
		twoInstances(AuthCacheContexts.on(redis, ory), (a, b) -> {
			Credential token = sessionToken(ory.registerSession());
			assertThat(a.authenticates(token)).isTrue();
			try (Jedis jedis = redis.jedis()) {
				jedis.del(EPOCH_KEY);
			}
			a.check();
			b.check();
			assertThat(a.authenticates(token)).isTrue();
			assertThat(a.authenticates(token)).isTrue();
			assertThat(b.authenticates(token)).isTrue();
			assertThat(ory.whoamiCalls()).as("one lookup after the loss, then hits").isEqualTo(2);
			try (Jedis jedis = redis.jedis()) {
				assertThat(jedis.exists(EPOCH_KEY)).as("the epoch key is created again").isTrue();
			}
		});
	}

	@Test
	void checkWhenEpochKeyEvictedUnderAllkeysLruThenEachCredentialIsFetchedOnceAndCachedAgain() throws Exception {
		try (RedisServer small = RedisServer.builder()
			.config("maxmemory", "4mb")
			.config("maxmemory-policy", "allkeys-lru")
			.start(); Jedis jedis = small.jedis()) {
			instance(AuthCacheContexts.on(small, ory), (instance) -> {
				Credential token = sessionToken(ory.registerSession());
				assertThat(instance.authenticates(token)).isTrue();
				// Redis's LRU clock ticks once a second: make the epoch key the idlest
				Thread.sleep(1100);
				String filler = "x".repeat(10_000);
				for (int i = 0; i < 20_000 && jedis.exists(EPOCH_KEY); i++) {
					jedis.set("filler:" + i, filler);
				}
				assertThat(jedis.exists(EPOCH_KEY)).as("the epoch key was evicted").isFalse();
				jedis.flushAll();
				instance.check();
				assertThat(instance.authenticates(token)).isTrue();
				assertThat(instance.authenticates(token)).isTrue();
				assertThat(instance.authenticates(token)).isTrue();
				assertThat(ory.whoamiCalls()).as("one lookup after the eviction, then hits").isEqualTo(2);
			});
		}
	}

	@Test
	void checkWhenFailoverToALaggingReplicaThenAnEntryWhoseMarksWereLostIsNeverUsed() {
		twoInstances(AuthCacheContexts.on(redis, ory), (a, b) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = sessionToken(session);
			assertThat(b.authenticates(token)).isTrue();
			String entryKey = b.cache().entryKeys(token).get(0);
			String epoch;
			String entry;
			long entryTtl;
			try (Jedis jedis = redis.jedis()) {
				epoch = jedis.get(EPOCH_KEY);
				entry = jedis.get(entryKey);
				entryTtl = jedis.pttl(entryKey);
			}
			// Logged out on instance a: Kratos revokes the session, the marks go to the
			// master
			a.upstreamRevocations().revokeSession(session.sessionId());
			// The master dies; b notices that Redis cannot be reached
			redis.kill();
			b.check();
			// The promoted replica had the epoch key and the entry, not the marks
			redis.start();
			try (Jedis jedis = redis.jedis()) {
				jedis.set(EPOCH_KEY, epoch);
				jedis.set(entryKey, entry, SetParams.setParams().px(entryTtl));
			}
			b.check();
			int before = ory.whoamiCalls();
			assertThat(b.authenticates(token)).as("the old entry is not used").isFalse();
			assertThat(ory.whoamiCalls()).isEqualTo(before + 1);
		});
	}

	@Test
	void checkWhenRedisRestartedEmptyThenTheMarksAnInstanceRemembersAreWrittenAgain() {
		try (JwtIssuer hydra = new JwtIssuer()) {
			twoInstances(AuthCacheContexts.withJwt(redis, ory, hydra), (a, b) -> {
				String jti = UUID.randomUUID().toString();
				Instant exp = Instant.now().plusSeconds(600);
				Credential jwt = new Credential(CredentialType.ACCESS_TOKEN, hydra.sign((claims) -> {
					claims.put("sub", "user-1");
					claims.put("jti", jti);
					claims.put("exp", exp);
				}));
				a.invalidator().revokeJti(hydra.issuer(), jti, exp);
				assertThat(b.authenticates(jwt)).isFalse();
				redis.kill();
				redis.start();
				assertThat(b.authenticates(jwt)).as("the JTI mark was lost with Redis").isTrue();
				a.check();
				assertThat(a.invalidator().writePending()).as("nothing left pending").isFalse();
				assertThat(b.authenticates(jwt)).as("A wrote the mark it remembers again").isFalse();
			});
		}
	}

	@Test
	void checkWhenAnotherInstanceSawTheLossFirstThenTheMarksThisInstanceRemembersAreWrittenAgain() {
		try (JwtIssuer hydra = new JwtIssuer(); Jedis jedis = redis.jedis()) {
			twoInstances(AuthCacheContexts.withJwt(redis, ory, hydra), (a, b) -> {
				String jti = UUID.randomUUID().toString();
				Instant exp = Instant.now().plusSeconds(600);
				a.invalidator().revokeJti(hydra.issuer(), jti, exp);
				String markKey = a.keys().jtiMarkKey(hydra.issuer(), jti);
				assertThat(jedis.exists(markKey)).isTrue();
				jedis.flushAll();
				b.check();
				b.invalidator().writePending();
				assertThat(jedis.exists(markKey)).as("b never knew the JTI").isFalse();
				a.check();
				assertThat(a.invalidator().writePending()).as("nothing left pending").isFalse();
				assertThat(jedis.exists(markKey)).as("a saw the epoch changed, not missing, and wrote its mark again")
					.isTrue();
			});
		}
	}

	private static Credential sessionToken(KratosSessionSpec session) {
		return new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
	}

	private static void twoInstances(ApplicationContextRunner runner, InstancesTest test) {
		instance(runner, (a) -> instance(runner, (b) -> test.run(a, b)));
	}

	private static void instance(ApplicationContextRunner runner, InstanceTest test) {
		runner.withPropertyValues("authcache.cache.epoch-check-interval=1h").run((context) -> {
			context.getBean(StoreEpoch.class).check();
			test.run(new Instance(context));
		});
	}

	@FunctionalInterface
	private interface InstanceTest {

		void run(Instance instance) throws Exception;

	}

	@FunctionalInterface
	private interface InstancesTest {

		void run(Instance a, Instance b) throws Exception;

	}

	/**
	 * One application instance: the context of the auto-configuration, whose cache has
	 * its own epoch guard and its own revocation table. Its epoch watcher is too slow to
	 * run during a test: the test checks.
	 */
	private record Instance(ApplicationContext context) {

		/**
		 * Check twice, as the watcher would within two intervals: the first check after a
		 * restart may only meet the connections the restart broke.
		 */
		void check() {
			StoreEpoch epoch = this.context.getBean(StoreEpoch.class);
			epoch.check();
			epoch.check();
		}

		boolean authenticates(Credential credential) {
			return cache().lookup(credential, null) instanceof CacheLookup.Authenticated;
		}

		CredentialCache cache() {
			return this.context.getBean(CredentialCache.class);
		}

		AuthCacheInvalidator invalidator() {
			return this.context.getBean(AuthCacheInvalidator.class);
		}

		UpstreamRevocations upstreamRevocations() {
			return this.context.getBean(UpstreamRevocations.class);
		}

		CacheKeys keys() {
			return this.context.getBean(CacheKeys.class);
		}

	}

}
