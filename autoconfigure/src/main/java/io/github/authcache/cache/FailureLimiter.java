/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * Limits failed authentications per client address, to protect the identity provider from
 * credential stuffing: each rejected credential counts in a Redis counter for the current
 * minute, expiring with the window (key
 * <code>&lt;prefix&gt;failures:&lt;address&gt;:&lt;minute&gt;</code>); an address over
 * the limit is refused (429) before any cache or upstream call until the window ends. A
 * Redis that cannot be reached limits nothing (authentication must not depend on it).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class FailureLimiter {

	private static final Log logger = LogFactory.getLog(FailureLimiter.class);

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private static final RedisScript<Long> COUNT = RedisScript.of("""
			local count = redis.call('INCR', KEYS[1])
			if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return count
			""", Long.class);

	private final StringRedisTemplate redis;

	private final CacheKeys keys;

	private final int maxFailures;

	/**
	 * Create a limiter.
	 * @param redis the template
	 * @param keys the key derivation
	 * @param maxFailures the failures an address may have in a minute
	 */
	public FailureLimiter(StringRedisTemplate redis, CacheKeys keys, int maxFailures) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.notNull(keys, "'keys' must not be null");
		Assert.isTrue(maxFailures > 0, "'maxFailures' must be positive");
		this.redis = redis;
		this.keys = keys;
		this.maxFailures = maxFailures;
	}

	/**
	 * Whether an address has used up its failures in the current window.
	 * @param address the client address
	 * @return whether requests from it are refused
	 */
	public boolean isLimited(String address) {
		try {
			String count = this.redis.opsForValue().get(key(address));
			return count != null && Long.parseLong(count) >= this.maxFailures;
		}
		catch (DataAccessException | NumberFormatException ex) {
			logger.debug("Could not read a failure counter; not limiting", ex);
			return false;
		}
	}

	/**
	 * Count a failed authentication of an address.
	 * @param address the client address
	 */
	public void recordFailure(String address) {
		try {
			this.redis.execute(COUNT, List.of(key(address)), String.valueOf(WINDOW.toMillis()));
		}
		catch (DataAccessException ex) {
			logger.debug("Could not count a failed authentication", ex);
		}
	}

	/**
	 * Return how long until the current window ends.
	 * @return the time until the next window
	 */
	public Duration retryAfter() {
		long millis = WINDOW.toMillis();
		return Duration.ofMillis(millis - (Instant.now().toEpochMilli() % millis));
	}

	private String key(String address) {
		long window = Instant.now().toEpochMilli() / WINDOW.toMillis();
		return this.keys.failureKey(address, window);
	}

}
