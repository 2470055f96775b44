/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.github.authcache.cache.redis.RedisEpochStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.jwt.JwtAccessTokenResolver;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheFixture;
import io.github.authcache.testing.JwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StoreEpoch} against a real {@code redis-server} that loses its data:
 * restarted empty, its epoch key deleted or evicted, or replaced by a server that holds
 * an old entry without the marks written after it (a failover to a lagging replica). Two
 * instances ({@link CacheFixture}s, each with its own guard and its own revocation table)
 * share the server.
 *
 * @author authcache authors
 */
class StoreEpochTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private static final String EPOCH_KEY = "authcache:epoch";

	private Instance a;

	private Instance b;

	@BeforeEach
	void setUp() {
		redis.start();
		try (Jedis jedis = redis.jedis()) {
			jedis.flushAll();
		}
		ory.reset();
		ory.clearState();
		ory.resetCounters();
		this.a = new Instance(redis);
		this.b = new Instance(redis);
	}

	@AfterEach
	void tearDown() {
		this.a.close();
		this.b.close();
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void checkWhenRedisRestartedEmptyThenEachCredentialIsFetchedOnceAndCachedAgainAndNoRevokedSessionIsAccepted() {
		Credential kept = sessionToken(ory.registerSession());
		KratosSessionSpec revokedSession = ory.registerSession();
		Credential revoked = sessionToken(revokedSession);
		assertThat(this.a.authenticates(kept)).isTrue();
		assertThat(this.a.authenticates(revoked)).isTrue();
		assertThat(this.b.authenticates(kept)).isTrue();
		assertThat(ory.whoamiCalls()).isEqualTo(2);
		this.a.fixture.upstreamRevocations().revokeSession(revokedSession.sessionId());

		long restartedAt = System.nanoTime();
		redis.kill();
		redis.start();
		this.a.check();
		this.b.check();
		assertThat(this.a.authenticates(kept)).isTrue();
		assertThat(ory.whoamiCalls()).as("the first lookup after the loss asks Kratos").isEqualTo(3);
		assertThat(this.b.authenticates(kept)).isTrue();
		assertThat(this.a.authenticates(kept)).isTrue();
		long resumedMillis = Duration.ofNanos(System.nanoTime() - restartedAt).toMillis();
		System.out.printf("empty restart: cached again %d ms after the restart began%n", resumedMillis);
		assertThat(ory.whoamiCalls()).as("cached again, on both instances").isEqualTo(3);
		assertThat(this.a.authenticates(revoked)).isFalse();
		assertThat(this.b.authenticates(revoked)).isFalse();
	}

	@Test
	void checkWhenEpochKeyDeletedThenEachCredentialIsFetchedOnceAndCachedAgain() {
		Credential token = sessionToken(ory.registerSession());
		assertThat(this.a.authenticates(token)).isTrue();
		try (Jedis jedis = redis.jedis()) {
			jedis.del(EPOCH_KEY);
		}
		this.a.check();
		this.b.check();
		assertThat(this.a.authenticates(token)).isTrue();
		assertThat(this.a.authenticates(token)).isTrue();
		assertThat(this.b.authenticates(token)).isTrue();
		assertThat(ory.whoamiCalls()).as("one lookup after the loss, then hits").isEqualTo(2);
		try (Jedis jedis = redis.jedis()) {
			assertThat(jedis.exists(EPOCH_KEY)).as("the epoch key is created again").isTrue();
		}
	}

	@Test
	void checkWhenEpochKeyEvictedUnderAllkeysLruThenEachCredentialIsFetchedOnceAndCachedAgain() throws Exception {
		try (RedisServer small = RedisServer.builder()
			.config("maxmemory", "4mb")
			.config("maxmemory-policy", "allkeys-lru")
			.start(); Instance instance = new Instance(small); Jedis jedis = small.jedis()) {
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
		}
	}

	@Test
	void checkWhenFailoverToALaggingReplicaThenAnEntryWhoseMarksWereLostIsNeverUsed() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = sessionToken(session);
		assertThat(this.b.authenticates(token)).isTrue();
		String entryKey = this.b.fixture.cache().entryKeys(token).get(0);
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
		this.a.fixture.upstreamRevocations().revokeSession(session.sessionId());
		// The master dies; b notices that Redis cannot be reached
		redis.kill();
		this.b.check();
		// The promoted replica had the epoch key and the entry, not the marks
		redis.start();
		try (Jedis jedis = redis.jedis()) {
			jedis.set(EPOCH_KEY, epoch);
			jedis.set(entryKey, entry, SetParams.setParams().px(entryTtl));
		}
		this.b.check();
		int before = ory.whoamiCalls();
		assertThat(this.b.authenticates(token)).as("the old entry is not used").isFalse();
		assertThat(ory.whoamiCalls()).isEqualTo(before + 1);
	}

	@Test
	void checkWhenRedisRestartedEmptyThenTheMarksAnInstanceRemembersAreWrittenAgain() {
		try (JwtIssuer hydra = new JwtIssuer();
				Instance a = new Instance(redis, hydra);
				Instance b = new Instance(redis, hydra)) {
			String jti = UUID.randomUUID().toString();
			Instant exp = Instant.now().plusSeconds(600);
			Credential jwt = new Credential(CredentialType.ACCESS_TOKEN, hydra.sign((claims) -> {
				claims.put("sub", "user-1");
				claims.put("jti", jti);
				claims.put("exp", exp);
			}));
			a.fixture.invalidator().revokeJti(hydra.issuer(), jti, exp);
			assertThat(b.authenticates(jwt)).isFalse();
			redis.kill();
			redis.start();
			assertThat(b.authenticates(jwt)).as("the JTI mark was lost with Redis").isTrue();
			a.check();
			assertThat(a.fixture.invalidator().writePending()).as("nothing left pending").isFalse();
			assertThat(b.authenticates(jwt)).as("A wrote the mark it remembers again").isFalse();
		}
	}

	@Test
	void checkWhenAnotherInstanceSawTheLossFirstThenTheMarksThisInstanceRemembersAreWrittenAgain() {
		try (JwtIssuer hydra = new JwtIssuer();
				Instance a = new Instance(redis, hydra);
				Instance b = new Instance(redis, hydra);
				Jedis jedis = redis.jedis()) {
			String jti = UUID.randomUUID().toString();
			Instant exp = Instant.now().plusSeconds(600);
			a.fixture.invalidator().revokeJti(hydra.issuer(), jti, exp);
			String markKey = a.fixture.keys().jtiMarkKey(hydra.issuer(), jti);
			assertThat(jedis.exists(markKey)).isTrue();
			jedis.flushAll();
			b.check();
			b.fixture.invalidator().writePending();
			assertThat(jedis.exists(markKey)).as("b never knew the JTI").isFalse();
			a.check();
			assertThat(a.fixture.invalidator().writePending()).as("nothing left pending").isFalse();
			assertThat(jedis.exists(markKey)).as("a saw the epoch changed, not missing, and wrote its mark again")
				.isTrue();
		}
	}

	private static Credential sessionToken(KratosSessionSpec session) {
		return new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
	}

	/**
	 * One application instance: a cache with its own epoch guard.
	 */
	private static final class Instance implements AutoCloseable {

		private final CacheFixture fixture;

		private final StoreEpoch epoch;

		Instance(RedisServer server) {
			this(server, new IdentityResolver[0]);
		}

		Instance(RedisServer server, JwtIssuer issuer) {
			this(server, new JwtAccessTokenResolver(issuer.decoder()));
		}

		Instance(RedisServer server, IdentityResolver... resolvers) {
			this.fixture = new CacheFixture(server, ory, resolvers);
			this.epoch = new StoreEpoch(new RedisEpochStore(this.fixture.redis(), "authcache:"));
			this.fixture.cache().setStoreEpoch(this.epoch);
			this.epoch.setRevocations(this.fixture.revocations());
			this.epoch.check();
		}

		/**
		 * Check twice, as the watcher would within two intervals: the first check after a
		 * restart may only meet the connections the restart broke.
		 */
		void check() {
			this.epoch.check();
			this.epoch.check();
		}

		boolean authenticates(Credential credential) {
			return this.fixture.cache().lookup(credential, null) instanceof CacheLookup.Authenticated;
		}

		@Override
		public void close() {
			this.fixture.close();
		}

	}

}
