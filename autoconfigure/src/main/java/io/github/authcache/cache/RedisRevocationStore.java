/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * {@link RevocationStore} in Redis. Marks are read with one {@code MGET}; on a cluster,
 * where the marks of one answer live in different slots, with one pipeline of
 * {@code GET}s per node on the calling thread ({@link ClusterReads}), so no command is
 * ever cross-slot and no thread is started per read.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisRevocationStore implements RevocationStore {

	private final StringRedisTemplate redis;

	/**
	 * Create a store on the given template.
	 * @param redis the template
	 */
	public RedisRevocationStore(StringRedisTemplate redis) {
		Assert.notNull(redis, "'redis' must not be null");
		this.redis = redis;
	}

	@Override
	public @Nullable Object server() {
		return this.redis.getConnectionFactory();
	}

	@Override
	public void write(String key, String value, Duration ttl) {
		try {
			this.redis.opsForValue().set(key, value, ttl);
		}
		catch (DataAccessException ex) {
			throw new CacheStoreException("Redis SET of a revocation mark failed", ex);
		}
	}

	@Override
	public boolean writeIfAbsent(String key, String value, Duration ttl) {
		try {
			return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key, value, ttl));
		}
		catch (DataAccessException ex) {
			throw new CacheStoreException("Redis SET NX of a one-time id failed", ex);
		}
	}

	@Override
	public List<@Nullable String> read(List<String> keys) {
		try {
			List<@Nullable String> values = this.redis
				.execute((RedisCallback<List<@Nullable String>>) (connection) -> read(connection, keys));
			return (values != null) ? values : new ArrayList<>();
		}
		catch (DataAccessException ex) {
			throw new CacheStoreException("Redis MGET of revocation marks failed", ex);
		}
	}

	private static List<@Nullable String> read(RedisConnection connection, List<String> keys) {
		if (connection instanceof RedisClusterConnection cluster) {
			return ClusterReads.get(cluster, keys);
		}
		return RedisStrings.strings(connection.stringCommands().mGet(RedisStrings.raw(keys)));
	}

}
