/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.Revocations;
import io.github.authcache.cache.TtlPolicy;
import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.UpstreamRevocations;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.introspection.TokenIntrospectionResolver;
import io.github.authcache.resolver.introspection.TokenRevocationClient;
import io.github.authcache.resolver.kratos.KratosAdminClient;
import io.github.authcache.resolver.kratos.KratosSessionResolver;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The cache, the invalidator and the upstream revocation helpers wired as the
 * auto-configuration wires them, on a real redis-server and an Ory stub.
 *
 * @author authcache authors
 */
public final class CacheFixture implements AutoCloseable {

	private final JedisConnectionFactory connectionFactory;

	private final CacheKeys keys = new CacheKeys("authcache:", null);

	private final StringRedisTemplate redisTemplate;

	private final CredentialCache cache;

	private final AuthCacheInvalidator invalidator;

	private final Revocations revocations;

	private final UpstreamRevocations upstreamRevocations;

	/**
	 * Wire everything on the given Redis and stub, with the resolvers of the stub plus
	 * the given ones.
	 * @param redis the Redis server
	 * @param ory the Ory stub
	 * @param extraResolvers more resolvers, consulted first
	 */
	public CacheFixture(RedisServer redis, OryStub ory, IdentityResolver... extraResolvers) {
		this(redis, ory, Duration.ofSeconds(1), extraResolvers);
	}

	/**
	 * Wire everything on the given Redis and stub, with the resolvers of the stub plus
	 * the given ones, and the given deadline for upstream calls.
	 * @param redis the Redis server
	 * @param ory the Ory stub
	 * @param upstreamDeadline how long an upstream call may take
	 * @param extraResolvers more resolvers, consulted first
	 */
	public CacheFixture(RedisServer redis, OryStub ory, Duration upstreamDeadline, IdentityResolver... extraResolvers) {
		this.connectionFactory = new JedisConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		StringRedisTemplate redisTemplate = new StringRedisTemplate(this.connectionFactory);
		this.redisTemplate = redisTemplate;
		UpstreamHttpClient http = new UpstreamHttpClient(Duration.ofSeconds(1), upstreamDeadline);
		JsonMapper json = JsonMapper.builder().build();
		List<IdentityResolver> resolvers = new ArrayList<>(List.of(extraResolvers));
		resolvers.add(new KratosSessionResolver(URI.create(ory.kratosPublicUrl()), http, json));
		resolvers.add(new TokenIntrospectionResolver(URI.create(ory.introspectionUri()), http, json));
		RedisAuthCacheStore store = new RedisAuthCacheStore(redisTemplate);
		TtlPolicy ttlPolicy = new TtlPolicy(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(5));
		ttlPolicy.setLongestUpstreamCall(Duration.ofSeconds(1).plus(upstreamDeadline));
		Revocations revocations = new Revocations(new RedisRevocationStore(redisTemplate), this.keys, ttlPolicy);
		revocations.setMarksReadWithEntries(true);
		this.revocations = revocations;
		this.cache = new CredentialCache(resolvers, store, this.keys, ttlPolicy, revocations);
		this.invalidator = new AuthCacheInvalidator(this.cache, store, this.keys, revocations);
		this.upstreamRevocations = new UpstreamRevocations(this.invalidator);
		this.upstreamRevocations.setKratosAdmin(new KratosAdminClient(URI.create(ory.kratosAdminUrl()), http));
		this.upstreamRevocations.setTokenRevocation(new TokenRevocationClient(URI.create(ory.revocationUri()), http));
	}

	public CredentialCache cache() {
		return this.cache;
	}

	public Revocations revocations() {
		return this.revocations;
	}

	public AuthCacheInvalidator invalidator() {
		return this.invalidator;
	}

	public UpstreamRevocations upstreamRevocations() {
		return this.upstreamRevocations;
	}

	public StringRedisTemplate redis() {
		return this.redisTemplate;
	}

	public CacheKeys keys() {
		return this.keys;
	}

	@Override
	public void close() {
		this.connectionFactory.destroy();
	}

}
