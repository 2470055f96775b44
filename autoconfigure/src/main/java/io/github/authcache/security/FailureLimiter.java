/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.StoreGuard;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * Limits failed authentications per client address, against credential stuffing: each
 * rejected credential counts in a Redis counter for the current minute
 * ({@code <prefix>failures:<hashed address>:<minute>}, expiring with the window), and a
 * failed authentication over the limit is answered 429 instead of 401 until the window
 * ends. The limiter is consulted only once an authentication has failed, so it never
 * locks out a valid credential: a cache hit or a credential the upstream accepts is
 * served whatever the address did before (one proxy or NAT carries many users). It costs
 * a successful request nothing. Its Redis calls go through the cache store's circuit
 * breaker (see {@link #setStoreGuard}): while the circuit is open they are not made, nor
 * while Redis has not answered since a call failed against it (the failed
 * authentication's own cache read, typically, so that it never pays a second timeout). A
 * Redis that cannot be reached limits nothing: this is a rate limiter, not an
 * authentication check, and authentication must not depend on it. A client cannot turn it
 * off: only a call that failed against Redis stops the counting, and any later call that
 * Redis answers starts it again.
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

	private StoreGuard storeGuard = StoreGuard.NONE;

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
	 * Set the guard the Redis calls run through, such as the cache store's circuit
	 * breaker. Defaults to {@link StoreGuard#NONE}.
	 * @param storeGuard the guard
	 */
	public void setStoreGuard(StoreGuard storeGuard) {
		Assert.notNull(storeGuard, "'storeGuard' must not be null");
		this.storeGuard = storeGuard;
	}

	/**
	 * Count a failed authentication of an address and tell whether the address is now
	 * over its limit.
	 * @param address the client address
	 * @return whether the failure is to be answered 429 rather than 401
	 */
	public boolean recordFailure(String address) {
		try {
			Long count = this.storeGuard.writeIfAnswering("INCR of a failure counter", () -> count(address));
			return count != null && count > this.maxFailures;
		}
		catch (CacheStoreException ex) {
			logger.debug("Could not count a failed authentication; not limiting", ex);
			return false;
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

	private @Nullable Long count(String address) {
		try {
			return this.redis.execute(COUNT, List.of(key(address)), String.valueOf(WINDOW.toMillis()));
		}
		catch (DataAccessException ex) {
			throw new CacheStoreException("Redis INCR of a failure counter failed", ex);
		}
	}

	private String key(String address) {
		long window = Instant.now().toEpochMilli() / WINDOW.toMillis();
		return this.keys.failureKey(address, window);
	}

}
