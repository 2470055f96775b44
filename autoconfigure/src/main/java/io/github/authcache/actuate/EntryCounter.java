/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.actuate;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.credential.CredentialKind;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisException;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * Counts the cache entries of a kind in Redis with {@code SCAN} (never {@code KEYS}),
 * stopping at a limit so a large cache costs a bounded amount of work.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class EntryCounter {

	private static final long LIMIT = 100_000;

	private final StringRedisTemplate redis;

	private final CacheKeys keys;

	/**
	 * Create a counter.
	 * @param redis the template
	 * @param keys the key derivation
	 */
	public EntryCounter(StringRedisTemplate redis, CacheKeys keys) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.notNull(keys, "'keys' must not be null");
		this.redis = redis;
		this.keys = keys;
	}

	/**
	 * Count the entries of a kind.
	 * @param kind the credential kind
	 * @return the count (at most 100 000), or {@code null} when Redis cannot be scanned
	 * (down, or a cluster)
	 */
	public @Nullable Long count(CredentialKind kind) {
		ScanOptions options = ScanOptions.scanOptions().match(this.keys.entryKeyPrefix(kind) + "*").count(1000).build();
		try (Cursor<String> cursor = this.redis.scan(options)) {
			long count = 0;
			while (cursor.hasNext() && count < LIMIT) {
				cursor.next();
				count++;
			}
			return count;
		}
		catch (DataAccessException | JedisException | UnsupportedOperationException ex) {
			// A SCAN cursor's failures are Jedis's own: Spring Data does not translate
			// them
			return null;
		}
	}

}
