/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.time.Duration;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.RefreshClaims;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * {@link RefreshClaims} in Redis: the claim of the entry {@code <prefix><kind>:<h>} is
 * the key {@code <prefix>refresh:<kind>:<h>}, set with {@code SET NX PX} for the
 * interval. One round trip, made only when a refresh is due.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisRefreshClaims implements RefreshClaims {

	private static final String CLAIMED = "1";

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	/**
	 * Create claims in the Redis of the entries.
	 * @param redis the template of the Redis that holds the entries
	 * @param keyPrefix the key prefix of the entries
	 */
	public RedisRefreshClaims(StringRedisTemplate redis, String keyPrefix) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.notNull(keyPrefix, "'keyPrefix' must not be null");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
	}

	@Override
	public boolean claim(String entryKey, Duration interval) {
		Assert.isTrue(entryKey.startsWith(this.keyPrefix), "'entryKey' must start with the key prefix");
		String claimKey = this.keyPrefix + "refresh:" + entryKey.substring(this.keyPrefix.length());
		try {
			return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(claimKey, CLAIMED, interval));
		}
		catch (DataAccessException ex) {
			throw new CacheStoreException("Redis SET NX of a refresh claim failed", ex);
		}
	}

}
