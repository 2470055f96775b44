/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.authcache.cache.CacheEntry;
import io.github.authcache.cache.CacheEntryCodec;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.ValueProtection;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.Jedis;

import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * The cost of a Redis hit on the typical session per value protection
 * ({@code authcache.cache.secret} unset, set, and set with
 * {@code authcache.cache.encrypt-values}): the whole lookup, and the CPU part alone (open
 * the stored value and decode it). Run it alone, with {@code -prof gc} for the bytes
 * allocated per hit (see {@code docs/benchmarks.md}); the set-up prints the entry's
 * {@code MEMORY USAGE} per protection. Not part of {@link RunAllBenchmarks}.
 *
 * @author authcache authors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ValueProtectionBenchmarks {

	private static final String SECRET = "a-32-byte-secret-for-the-benchmark";

	@Benchmark
	public CacheLookup redisHitSession(ProtectedState state) {
		return state.cache.lookup(state.sessionCookie, null);
	}

	@Benchmark
	public CacheEntry openAndDecodeSession(ProtectedState state) {
		return state.codec.decode(state.valueProtection.open(state.sessionKey, state.sessionValue));
	}

	/**
	 * A real redis-server and Ory stub, and a credential cache with the protection under
	 * test, with the typical session cached.
	 */
	@State(Scope.Benchmark)
	public static class ProtectedState {

		@Param({ "none", "hmac", "aes-gcm" })
		String protection;

		RedisServer redis;

		OryStub ory;

		JedisConnectionFactory connectionFactory;

		CredentialCache cache;

		ValueProtection valueProtection;

		final CacheEntryCodec codec = new CacheEntryCodec();

		Credential sessionCookie;

		String sessionKey;

		String sessionValue;

		@Setup(Level.Trial)
		public void setUp() {
			this.redis = RedisServer.startDefault();
			this.ory = OryStub.start();
			this.connectionFactory = Fixtures.connectionFactory(this.redis, 8);
			String secret = "none".equals(this.protection) ? null : SECRET;
			CacheKeys keys = new CacheKeys(Fixtures.KEY_PREFIX, secret);
			Duration ttl = Duration.ofMinutes(10);
			this.cache = Fixtures.credentialCache(this.ory, this.connectionFactory, ttl, keys,
					Fixtures.revocations(this.connectionFactory, ttl, keys));
			this.valueProtection = ValueProtection.of(secret, "aes-gcm".equals(this.protection));
			this.cache.setValueProtection(this.valueProtection);
			KratosSessionSpec session = this.ory.registerSession(Fixtures.typicalSession());
			this.sessionCookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
			HotPathBenchmarks.check(this.cache.lookup(this.sessionCookie, null));
			this.sessionKey = this.cache.entryKeys(this.sessionCookie).get(0);
			try (Jedis jedis = this.redis.jedis()) {
				this.sessionValue = jedis.get(this.sessionKey);
				System.out.printf("%n%s: session entry MEMORY USAGE %d B, value %d B%n", this.protection,
						jedis.memoryUsage(this.sessionKey), this.sessionValue.length());
			}
			if (this.codec.decode(this.valueProtection.open(this.sessionKey, this.sessionValue)) == null) {
				throw new IllegalStateException("The stored session value does not open");
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.connectionFactory.destroy();
			this.ory.close();
			this.redis.close();
		}

	}

}
