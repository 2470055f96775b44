/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * {@link AuthCacheStore} in Redis, through Spring Data Redis (Jedis, configured by
 * {@code spring.data.redis.*}). Every command touches one key, so the store works
 * unchanged on standalone Redis, Sentinel and Cluster.
 * <p>
 * {@link #getWithMarks} sends {@code GET} of the entry and {@code MGET} of its marks in
 * one pipeline on one connection: one round trip, and Redis runs them in order, so the
 * marks are read after the entry, as with two separate calls. On a cluster the entry and
 * its marks live in different slots: they are read with one pipeline per node on the
 * calling thread, every node's sent before any reply is read ({@link ClusterReads}), so a
 * hit costs about one round trip; the marks on other nodes may then be read before the
 * entry, and the read says so ({@link EntryRead#ordered()}).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisAuthCacheStore implements AuthCacheStore {

	private static final RedisScript<Long> TAG_SCRIPT = RedisScript.of("""
			redis.call('SADD', KEYS[1], ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	/**
	 * Create a store on the given template.
	 * @param redis the template
	 */
	public RedisAuthCacheStore(StringRedisTemplate redis) {
		Assert.notNull(redis, "'redis' must not be null");
		this.redis = redis;
	}

	@Override
	public @Nullable Object server() {
		return this.redis.getConnectionFactory();
	}

	@Override
	public @Nullable String get(String key) {
		return call("GET", () -> this.redis.opsForValue().get(key));
	}

	@Override
	public EntryRead getWithMarks(String key, List<String> markKeys) {
		EntryRead read = call("GET and MGET of revocation marks",
				() -> this.redis.execute((RedisCallback<EntryRead>) (connection) -> read(connection, key, markKeys)));
		return (read != null) ? read : EntryRead.valueOnly(null);
	}

	private static EntryRead read(RedisConnection connection, String key, List<String> markKeys) {
		if (connection instanceof RedisClusterConnection cluster) {
			List<String> keys = new ArrayList<>(markKeys.size() + 1);
			keys.add(key);
			keys.addAll(markKeys);
			ClusterReads.Replies replies = ClusterReads.get(cluster, keys, OverlappedReads.NOTHING);
			List<@Nullable String> values = replies.values();
			return new EntryRead(values.get(0), markKeys, values.subList(1, values.size()), replies.nodes() == 1);
		}
		try (AbstractPipeline pipeline = pipeline(connection)) {
			Response<byte[]> value = pipeline.get(RedisStrings.raw(key));
			Response<List<byte[]>> marks = pipeline.mget(RedisStrings.raw(markKeys));
			pipeline.sync();
			return new EntryRead(RedisStrings.string(value.get()), markKeys, RedisStrings.strings(marks.get()));
		}
		catch (JedisException ex) {
			throw new CacheStoreException("Redis GET and MGET of revocation marks failed", ex);
		}
	}

	/**
	 * Open a Jedis pipeline on the connection's client itself (one pooled connection):
	 * Spring Data's own pipeline wraps every reply in objects of its own, several
	 * kilobytes per hit.
	 * @param connection the Spring Data connection
	 * @return the pipeline
	 */
	private static AbstractPipeline pipeline(RedisConnection connection) {
		Object client = connection.getNativeConnection();
		if (client instanceof UnifiedJedis jedis) {
			return jedis.pipelined();
		}
		if (client instanceof Jedis jedis) {
			return jedis.pipelined();
		}
		throw new IllegalStateException("Not a Jedis connection: " + client.getClass().getName());
	}

	@Override
	public void put(String key, String value, Duration ttl) {
		call("SET", () -> {
			this.redis.opsForValue().set(key, value, ttl);
			return null;
		});
	}

	@Override
	public void tag(String tagKey, String entryKey, Duration ttl) {
		call("SADD", () -> this.redis.execute(TAG_SCRIPT, List.of(tagKey), entryKey, String.valueOf(ttl.toMillis())));
	}

	@Override
	public Set<String> members(String tagKey) {
		Set<String> members = call("SMEMBERS", () -> this.redis.opsForSet().members(tagKey));
		return (members != null) ? members : Set.of();
	}

	@Override
	public void delete(Collection<String> keys) {
		if (!keys.isEmpty()) {
			call("DEL", () -> this.redis.delete(keys));
		}
	}

	private <T> @Nullable T call(String command, Supplier<@Nullable T> action) {
		try {
			return action.get();
		}
		catch (DataAccessException ex) {
			throw new CacheStoreException("Redis " + command + " failed", ex);
		}
	}

}
