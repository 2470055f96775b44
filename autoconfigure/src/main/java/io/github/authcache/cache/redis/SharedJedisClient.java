/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.util.ReflectionUtils;

/**
 * The Jedis client a Spring Data connection factory shares between all its connections,
 * for the reads of a hit: Spring Data's {@code JedisConnectionFactory} (with Jedis 7, by
 * default) keeps one thread-safe {@link UnifiedJedis} ({@code RedisClient} or
 * {@code RedisSentinelClient}) over one connection pool, and every Spring Data connection
 * only wraps it. A command sent on that client borrows a connection from the same pool
 * (its size, timeouts, TLS and Sentinel failover as configured) and returns it, without
 * the wrapper Spring Data builds per call (about 2.5 KB per command, including an
 * exception its close throws and catches).
 * <p>
 * The client is found through Spring Data itself, once: the native connection of one
 * connection of a {@code JedisConnectionFactory} in that mode (which wraps the client and
 * makes no network call). A factory that pools Jedis connections of its own (the legacy
 * mode, {@code setUseUnifiedJedis(false)}), connects to a cluster, or is of another kind
 * shares no client, nor does any factory of Spring Data Redis 4.0 (Spring Boot 4.0),
 * which has no unified mode: the store then goes through Spring Data as before. After a
 * failed command the client is looked up again, so a factory that was stopped and started
 * again is followed.
 *
 * @author authcache authors
 */
final class SharedJedisClient {

	private static final Object NONE = new Object();

	/**
	 * {@code JedisConnectionFactory.isUseUnifiedJedis()}, from Spring Data Redis 4.1 on
	 * (Spring Boot 4.1), called reflectively so that the class runs on 4.0 too, where
	 * every connection of a factory is a pooled {@code Jedis} of its own.
	 */
	private static final @Nullable Method IS_USE_UNIFIED_JEDIS = ReflectionUtils
		.findMethod(JedisConnectionFactory.class, "isUseUnifiedJedis");

	private final RedisConnectionFactory connectionFactory;

	/**
	 * The shared client, {@link #NONE} when the factory shares none, {@code null} when
	 * not looked up yet.
	 */
	private volatile @Nullable Object client;

	SharedJedisClient(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/**
	 * Return the shared client.
	 * @return the client, or {@code null} when the factory shares none (or cannot give a
	 * connection now: the caller then goes through Spring Data, which reports why)
	 */
	@Nullable UnifiedJedis get() {
		Object client = this.client;
		if (client == null) {
			client = lookUp();
			if (client == null) {
				return null;
			}
			this.client = client;
		}
		return (client instanceof UnifiedJedis shared) ? shared : null;
	}

	/**
	 * Forget the client after a failed command, so that the next call looks it up again.
	 */
	void forget() {
		if (this.client != NONE) {
			this.client = null;
		}
	}

	private static boolean isUnified(JedisConnectionFactory jedis) {
		return IS_USE_UNIFIED_JEDIS != null
				&& Boolean.TRUE.equals(ReflectionUtils.invokeMethod(IS_USE_UNIFIED_JEDIS, jedis));
	}

	/**
	 * Look the shared client up, without any network call: only a Jedis factory in its
	 * unified mode, not on a cluster, shares one, and its connections only wrap it.
	 * @return the client, {@link #NONE}, or {@code null} when the factory gave no
	 * connection
	 */
	private @Nullable Object lookUp() {
		if (!(this.connectionFactory instanceof JedisConnectionFactory jedis) || !isUnified(jedis)
				|| jedis.isRedisClusterAware()) {
			return NONE;
		}
		try (RedisConnection connection = jedis.getConnection()) {
			Object nativeConnection = connection.getNativeConnection();
			return (nativeConnection instanceof UnifiedJedis) ? nativeConnection : NONE;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
