/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.Revocations;
import io.github.authcache.cache.StoreEpoch;
import io.github.authcache.cache.TtlPolicy;
import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.cache.redis.RedisEpochStore;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.introspection.TokenIntrospectionResolver;
import io.github.authcache.resolver.kratos.KratosSessionResolver;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import redis.clients.jedis.JedisPoolConfig;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Shared set-up: a typical Kratos session (the traits of
 * {@code fixtures/kratos/whoami-200-session.json}), a typical access token, and a
 * {@link CredentialCache} wired the way the auto-configuration wires it.
 *
 * @author authcache authors
 */
final class Fixtures {

	static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

	static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);

	static final String KEY_PREFIX = "authcache:";

	static final CacheKeys KEYS = new CacheKeys(KEY_PREFIX, null);

	private Fixtures() {
	}

	/**
	 * A session shaped like the whoami fixture: consent, email and name traits, aal1,
	 * password login, 24 h lifespan.
	 * @return the session
	 */
	static KratosSessionSpec typicalSession() {
		Map<String, Object> consent = new LinkedHashMap<>();
		consent.put("newsletter", false);
		consent.put("tos", "2022-12-01T13:50:28.706Z");
		Map<String, Object> traits = new LinkedHashMap<>();
		traits.put("consent", consent);
		traits.put("email", "user@example.org");
		traits.put("name", "User");
		return KratosSessionSpec.builder().traits(traits).build();
	}

	/**
	 * A token as Hydra issues it for a first-party API: two scopes, one audience, 1 h.
	 * @return the token
	 */
	static OAuth2TokenSpec typicalToken() {
		return OAuth2TokenSpec.builder()
			.scopes("openid", "offline_access")
			.audience("https://api.example.org")
			.expiresAt(Instant.now().plus(Duration.ofHours(1)))
			.build();
	}

	static JedisConnectionFactory connectionFactory(RedisServer redis, int poolSize) {
		return start(new JedisConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()),
				clientConfiguration(poolSize)));
	}

	private static JedisClientConfiguration clientConfiguration(int poolSize) {
		JedisPoolConfig pool = new JedisPoolConfig();
		pool.setMaxTotal(poolSize);
		pool.setMaxIdle(poolSize);
		pool.setMinIdle(Math.min(poolSize, 8));
		return JedisClientConfiguration.builder()
			.readTimeout(Duration.ofSeconds(2))
			.usePooling()
			.poolConfig(pool)
			.build();
	}

	private static JedisConnectionFactory start(JedisConnectionFactory factory) {
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	static List<IdentityResolver> resolvers(OryStub ory) {
		UpstreamHttpClient http = new UpstreamHttpClient(Duration.ofSeconds(1), Duration.ofSeconds(2));
		JsonMapper json = JsonMapper.builder().build();
		return List.of(new KratosSessionResolver(URI.create(ory.kratosPublicUrl()), http, json),
				new TokenIntrospectionResolver(URI.create(ory.introspectionUri()), http, json));
	}

	/**
	 * A credential cache wired as the auto-configuration wires it: Redis store,
	 * revocation marks in the same Redis (checked with one {@code MGET} on every Redis
	 * hit), and the store epoch guard (whose watcher does not run here, so the store
	 * stays trusted).
	 * @param ory the upstream
	 * @param connectionFactory the Redis connections
	 * @param ttl the session and token TTL
	 * @return the cache, without a near cache
	 */
	static CredentialCache credentialCache(OryStub ory, JedisConnectionFactory connectionFactory, Duration ttl) {
		return credentialCache(ory, connectionFactory, ttl, revocations(connectionFactory, ttl));
	}

	static CredentialCache credentialCache(OryStub ory, JedisConnectionFactory connectionFactory, Duration ttl,
			Revocations revocations) {
		return credentialCache(ory, connectionFactory, ttl, KEYS, revocations);
	}

	/**
	 * A credential cache as above, with keys of its own (derived with a secret, say).
	 * @param ory the upstream
	 * @param connectionFactory the Redis connections
	 * @param ttl the session and token TTL
	 * @param keys the key derivation
	 * @param revocations the revocation marks, derived with the same keys
	 * @return the cache, without a near cache
	 */
	static CredentialCache credentialCache(OryStub ory, JedisConnectionFactory connectionFactory, Duration ttl,
			CacheKeys keys, Revocations revocations) {
		return credentialCache(ory, connectionFactory, ttlPolicy(ttl), keys, revocations);
	}

	/**
	 * A credential cache as above, with a lifetime policy of its own.
	 * @param ory the upstream
	 * @param connectionFactory the Redis connections
	 * @param ttlPolicy the lifetimes
	 * @param keys the key derivation
	 * @param revocations the revocation marks, derived with the same keys
	 * @return the cache, without a near cache
	 */
	static CredentialCache credentialCache(OryStub ory, JedisConnectionFactory connectionFactory, TtlPolicy ttlPolicy,
			CacheKeys keys, Revocations revocations) {
		StringRedisTemplate template = new StringRedisTemplate(connectionFactory);
		CredentialCache cache = new CredentialCache(resolvers(ory), new RedisAuthCacheStore(template), keys, ttlPolicy,
				revocations);
		cache.setStoreEpoch(new StoreEpoch(new RedisEpochStore(template, KEY_PREFIX)));
		return cache;
	}

	static Revocations revocations(JedisConnectionFactory connectionFactory, Duration ttl) {
		return revocations(connectionFactory, ttl, KEYS);
	}

	static Revocations revocations(JedisConnectionFactory connectionFactory, Duration ttl, CacheKeys keys) {
		Revocations revocations = new Revocations(new RedisRevocationStore(new StringRedisTemplate(connectionFactory)),
				keys, ttlPolicy(ttl));
		// The marks are in the entries' Redis, as the auto-configuration wires it
		revocations.setMarksReadWithEntries(true);
		return revocations;
	}

	private static TtlPolicy ttlPolicy(Duration ttl) {
		return new TtlPolicy(ttl, ttl, NEGATIVE_TTL);
	}

}
