/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.RevocationStore;
import io.github.authcache.cache.StoreFailure;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * {@link RevocationStore} in Redis. Marks are read with one {@code MGET}; on a cluster,
 * where the marks of one answer live in different slots, with one pipeline of
 * {@code GET}s per node on the calling thread, all nodes at once ({@link ClusterReads}),
 * so no command is ever cross-slot and no thread is started per read.
 * {@link #readAlongside} sends the marks' commands, runs the other read, then reads the
 * replies ({@link OverlappedReads}), so that an entry in one Redis and its marks in this
 * one cost about one round trip.
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

	@Override
	public List<@Nullable String> readAlongside(List<String> keys, Runnable meanwhile) {
		try {
			List<@Nullable String> values = this.redis.execute(
					(RedisCallback<List<@Nullable String>>) (connection) -> readAlongside(connection, keys, meanwhile));
			return (values != null) ? values : new ArrayList<>();
		}
		catch (DataAccessException ex) {
			throw new CacheStoreException("Redis MGET of revocation marks failed", ex);
		}
	}

	/**
	 * Send the {@code MGET} of the marks (one pipeline per node on a cluster), run
	 * {@code meanwhile}, then read the replies: one round trip for both.
	 * @param connection the Spring Data connection
	 * @param keys the mark keys
	 * @param meanwhile what to run while the marks are read
	 * @return the values
	 */
	private static List<@Nullable String> readAlongside(RedisConnection connection, List<String> keys,
			Runnable meanwhile) {
		if (connection instanceof RedisClusterConnection cluster) {
			return ClusterReads.get(cluster, RedisStrings.raw(keys), meanwhile).strings();
		}
		Object client = connection.getNativeConnection();
		try (OverlappedReads reads = new OverlappedReads()) {
			if (client instanceof RedisClient pooled) {
				reads.open(pooled.getPool().getResource(), true);
			}
			else if (client instanceof Jedis jedis) {
				reads.open(jedis.getConnection(), false);
			}
			else {
				meanwhile.run();
				return read(connection, keys);
			}
			reads.send(Protocol.Command.MGET, RedisStrings.raw(keys));
			reads.flush();
			Object reply = reads.replies(meanwhile).get(0).get(0);
			if (reply instanceof JedisException ex) {
				throw ex;
			}
			return RedisStrings.strings((List<?>) reply);
		}
		catch (JedisException ex) {
			throw new CacheStoreException("Redis MGET of revocation marks failed", StoreFailure.classify(ex), ex);
		}
	}

}
