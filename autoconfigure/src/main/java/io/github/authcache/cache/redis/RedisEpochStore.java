/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.EpochStore;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * An {@link EpochStore} that keeps the epoch in the Redis key {@code <prefix>epoch},
 * without a TTL.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisEpochStore implements EpochStore {

	private final StringRedisTemplate redis;

	private final String key;

	/**
	 * Create a store of the epoch.
	 * @param redis the template of the Redis that holds the revocation marks
	 * @param keyPrefix the key prefix
	 */
	public RedisEpochStore(StringRedisTemplate redis, String keyPrefix) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.notNull(keyPrefix, "'keyPrefix' must not be null");
		this.redis = redis;
		this.key = keyPrefix + "epoch";
	}

	@Override
	public @Nullable String read() {
		try {
			return this.redis.opsForValue().get(this.key);
		}
		catch (DataAccessException ex) {
			throw new CacheStoreException("Redis GET of the cache epoch failed", ex);
		}
	}

	@Override
	public boolean createIfAbsent(String epoch) {
		try {
			return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(this.key, epoch));
		}
		catch (DataAccessException ex) {
			throw new CacheStoreException("Redis SET NX of the cache epoch failed", ex);
		}
	}

}
