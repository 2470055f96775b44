/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.authcache.autoconfigure.AuthCacheProperties;
import io.github.authcache.cache.CacheEntry;
import io.github.authcache.cache.CacheEntryCodec;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CaffeineNearCache;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.Revocations;
import io.github.authcache.cache.ValueProtection;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.credential.OryCredentialExtractor;
import io.github.authcache.invalidation.redis.InvalidationSubscriber;
import io.github.authcache.invalidation.redis.JedisSubscriberConnectionFactory;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.security.AuthCacheAuthenticationProvider;
import io.github.authcache.security.CredentialAuthenticationToken;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;

/**
 * JMH microbenchmarks of the hot path of one authenticated request, each step alone and
 * then together on a Redis hit (the entry's {@code GET} and the revocation marks'
 * {@code MGET}) and on a near-cache hit, with a raw Jedis {@code GET} of the same key,
 * and a raw {@code GET} plus {@code MGET} of the same keys, as floors. Single-threaded,
 * average time per operation; run by {@link RunAllBenchmarks} (with {@code -prof gc}).
 * The same hit on Sentinel and Cluster, through the starter's own beans, is in
 * {@link TopologyBenchmarks}.
 *
 * @author authcache authors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBenchmarks {

	@Benchmark
	public Credential extractSessionCookie(CpuState state) {
		return state.extractor.extract(state.cookieRequest);
	}

	@Benchmark
	public Credential extractBearerToken(CpuState state) {
		return state.extractor.extract(state.bearerRequest);
	}

	@Benchmark
	public String hashKeySha256(CpuState state) {
		return state.sha256Keys.entryKey("kratos http://127.0.0.1:4433/sessions/whoami", state.cookie);
	}

	@Benchmark
	public String hashKeyHmacSha256(CpuState state) {
		return state.hmacKeys.entryKey("kratos http://127.0.0.1:4433/sessions/whoami", state.cookie);
	}

	@Benchmark
	public CacheEntry decodeSessionEntry(CpuState state, RedisState redis) {
		return state.codec.decode(ValueProtection.NONE.open(redis.sessionKey, redis.sessionValue));
	}

	@Benchmark
	public CacheEntry decodeTokenEntry(CpuState state, RedisState redis) {
		return state.codec.decode(ValueProtection.NONE.open(redis.tokenKey, redis.tokenValue));
	}

	@Benchmark
	public String redisGetRawJedis(RedisState redis, JedisState jedis) {
		return jedis.jedis.get(redis.sessionKey);
	}

	/**
	 * The floor of a Redis hit as it is now: the entry's {@code GET}, then the revocation
	 * marks' {@code MGET} (credential, user, session), two round trips.
	 * @param redis the Redis state holding the keys
	 * @param jedis the thread's Jedis connection
	 * @return the marks read
	 */
	@Benchmark
	public List<String> redisGetMgetRawJedis(RedisState redis, JedisState jedis) {
		jedis.jedis.get(redis.sessionKey);
		return jedis.jedis.mget(redis.sessionMarkKeys);
	}

	/**
	 * The floor of a Redis hit with its marks known: the entry's {@code GET} and the
	 * marks' {@code MGET} in one pipeline, one round trip.
	 * @param redis the Redis state holding the keys
	 * @param jedis the thread's Jedis connection
	 * @return the pipeline's replies
	 */
	@Benchmark
	public List<Object> redisGetMgetPipelinedRawJedis(RedisState redis, JedisState jedis) {
		Pipeline pipeline = jedis.jedis.pipelined();
		pipeline.get(redis.sessionKey);
		pipeline.mget(redis.sessionMarkKeys);
		return pipeline.syncAndReturnAll();
	}

	@Benchmark
	public String redisGetStringRedisTemplate(RedisState redis) {
		return redis.template.opsForValue().get(redis.sessionKey);
	}

	@Benchmark
	public CacheLookup credentialCacheRedisHitSession(RedisState redis) {
		return redis.cache.lookup(redis.sessionCookie, null);
	}

	@Benchmark
	public Authentication providerRedisHitToken(RedisState redis) {
		return redis.provider.authenticate(redis.tokenRequest);
	}

	/**
	 * A near-cache hit for the session: no Redis command (a session has no JWT id, so
	 * only this process's revocation marks are checked).
	 * @param redis the Redis state holding the session cookie
	 * @param near the near-cache state
	 * @return the lookup's result
	 */
	@Benchmark
	public CacheLookup nearCacheHit(RedisState redis, NearCacheState near) {
		return near.cache.lookup(redis.sessionCookie, null);
	}

	static Identity check(CacheLookup lookup) {
		if (!(lookup instanceof CacheLookup.Authenticated authenticated)) {
			throw new IllegalStateException("Expected an authenticated lookup, got " + lookup);
		}
		return authenticated.identity();
	}

	static void awaitSubscribed(InvalidationSubscriber subscriber) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!subscriber.isSubscribed()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The invalidation subscriber did not subscribe within 10 s");
			}
			Thread.sleep(10);
		}
	}

	/**
	 * Pure CPU steps: extraction, key hashing, value decoding.
	 */
	@State(Scope.Thread)
	public static class CpuState {

		final OryCredentialExtractor extractor = new OryCredentialExtractor(EnumSet.allOf(CredentialType.class));

		final MockHttpServletRequest cookieRequest = new MockHttpServletRequest("GET", "/api/me");

		final MockHttpServletRequest bearerRequest = new MockHttpServletRequest("GET", "/api/me");

		final CacheKeys sha256Keys = new CacheKeys("authcache:", null);

		final CacheKeys hmacKeys = new CacheKeys("authcache:", "a-32-byte-secret-for-the-benchmark");

		final CacheEntryCodec codec = new CacheEntryCodec();

		Credential cookie;

		@Setup
		public void setUp() {
			KratosSessionSpec session = Fixtures.typicalSession();
			this.cookieRequest.setCookies(new Cookie("ory_kratos_session", session.cookieValue()));
			this.cookieRequest.addHeader("Accept", "application/json");
			this.bearerRequest.addHeader("Authorization", "Bearer " + Fixtures.typicalToken().token());
			this.cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
		}

	}

	/**
	 * A real redis-server and Ory stub, the credential cache and the provider, with one
	 * session and one token cached.
	 */
	@State(Scope.Benchmark)
	public static class RedisState {

		RedisServer redis;

		OryStub ory;

		JedisConnectionFactory connectionFactory;

		CredentialCache cache;

		AuthCacheAuthenticationProvider provider;

		StringRedisTemplate template;

		Credential sessionCookie;

		Credential accessToken;

		CredentialAuthenticationToken tokenRequest;

		String sessionKey;

		String[] sessionMarkKeys;

		String sessionValue;

		String tokenKey;

		String tokenValue;

		/**
		 * The near cache's subscriber, if {@link NearCacheState} runs: stopped before
		 * redis-server, whatever order JMH tears the states down in.
		 */
		@Nullable InvalidationSubscriber nearCacheSubscriber;

		@Setup(Level.Trial)
		public void setUp() {
			this.redis = RedisServer.startDefault();
			this.ory = OryStub.start();
			this.ory.latency(Duration.ofMillis(30));
			this.connectionFactory = Fixtures.connectionFactory(this.redis, 8);
			this.template = new StringRedisTemplate(this.connectionFactory);
			this.cache = Fixtures.credentialCache(this.ory, this.connectionFactory, Duration.ofMinutes(10));
			this.provider = new AuthCacheAuthenticationProvider(this.cache);
			KratosSessionSpec session = this.ory.registerSession(Fixtures.typicalSession());
			OAuth2TokenSpec token = this.ory.registerToken(Fixtures.typicalToken());
			this.sessionCookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
			this.accessToken = new Credential(CredentialType.ACCESS_TOKEN, token.token());
			this.tokenRequest = new CredentialAuthenticationToken(this.accessToken, null);
			Identity sessionIdentity = check(this.cache.lookup(this.sessionCookie, null));
			check(this.cache.lookup(this.accessToken, null));
			IdentityResolver kratos = Fixtures.resolvers(this.ory).get(0);
			this.sessionKey = Fixtures.KEYS.entryKey(kratos.cacheNamespace(), this.sessionCookie);
			if (sessionIdentity.sessionId() == null) {
				throw new IllegalStateException("The session identity has no session id");
			}
			// The marks a hit on this entry reads, in the order Revocations reads them
			this.sessionMarkKeys = new String[] { Fixtures.KEYS.credentialMarkKey(this.sessionKey),
					Fixtures.KEYS.userMarkKey(sessionIdentity.subject()),
					Fixtures.KEYS.sessionMarkKey(sessionIdentity.sessionId()) };
			this.sessionValue = this.template.opsForValue().get(this.sessionKey);
			if (this.sessionValue == null) {
				throw new IllegalStateException("The session entry was not cached under " + this.sessionKey);
			}
			IdentityResolver introspection = Fixtures.resolvers(this.ory).get(1);
			this.tokenKey = Fixtures.KEYS.entryKey(introspection.cacheNamespace(), this.accessToken);
			this.tokenValue = this.template.opsForValue().get(this.tokenKey);
			if (this.tokenValue == null) {
				throw new IllegalStateException("The token entry was not cached");
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			if (this.nearCacheSubscriber != null) {
				this.nearCacheSubscriber.stop();
			}
			this.connectionFactory.destroy();
			this.ory.close();
			this.redis.close();
		}

	}

	/**
	 * A second credential cache on the same Redis with a {@link CaffeineNearCache} in
	 * front, wired as {@code authcache.near-cache.enabled=true} wires it: default TTL and
	 * size, trusted only while a real {@link InvalidationSubscriber} is subscribed (it
	 * runs here, on its own connection, with its watchdog pinging every second).
	 */
	@State(Scope.Benchmark)
	public static class NearCacheState {

		CaffeineNearCache nearCache;

		InvalidationSubscriber subscriber;

		CredentialCache cache;

		@Setup(Level.Trial)
		public void setUp(RedisState redis) throws InterruptedException {
			AuthCacheProperties.NearCache defaults = new AuthCacheProperties().getNearCache();
			Duration ttl = Duration.ofMinutes(10);
			Revocations revocations = Fixtures.revocations(redis.connectionFactory, ttl);
			this.nearCache = new CaffeineNearCache(defaults.getTtl(), defaults.getMaxSize(), Fixtures.KEYS);
			this.subscriber = new InvalidationSubscriber(new JedisSubscriberConnectionFactory(redis.connectionFactory),
					Fixtures.KEY_PREFIX + "invalidations", "benchmark-near-cache", revocations, this.nearCache);
			this.nearCache.setTrusted(this.subscriber::isSubscribed);
			redis.nearCacheSubscriber = this.subscriber;
			this.subscriber.start();
			awaitSubscribed(this.subscriber);
			this.cache = Fixtures.credentialCache(redis.ory, redis.connectionFactory, ttl, revocations);
			this.cache.setNearCache(this.nearCache);
			// A Redis hit fills the near cache; the next lookup must come from it
			check(this.cache.lookup(redis.sessionCookie, null));
			if (this.nearCache.size() != 1) {
				throw new IllegalStateException("The near cache did not take the session entry");
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.subscriber.stop();
		}

	}

	/**
	 * One raw Jedis connection per benchmark thread: the floor.
	 */
	@State(Scope.Thread)
	public static class JedisState {

		Jedis jedis;

		@Setup(Level.Trial)
		public void setUp(RedisState redis) {
			this.jedis = redis.redis.jedis();
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.jedis.close();
		}

	}

}
