/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * Detects a Redis that lost its data: a restart without persistence, or a failover to a
 * replica that had not received the latest writes (replication is asynchronous), either
 * of which can lose revocation marks while older entries survive. An epoch key
 * ({@code <prefix>epoch}, no TTL) holds a random id; when it is gone or has changed, this
 * process flushes its near cache and does not trust the store until the longest an entry
 * or a mark can live has passed, so every entry written before the loss has expired.
 * Lookups then go to the upstream.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class StoreEpoch {

	private static final Log logger = LogFactory.getLog(StoreEpoch.class);

	private final StringRedisTemplate redis;

	private final String key;

	private final Duration distrustFor;

	private NearCache nearCache = NearCache.NONE;

	private Clock clock = Clock.systemUTC();

	private volatile @Nullable String epoch;

	private volatile Instant distrustedUntil = Instant.MIN;

	/**
	 * Create an epoch guard.
	 * @param redis the template of the store to watch
	 * @param keyPrefix the key prefix
	 * @param distrustFor how long the store is not trusted after a loss: the longest
	 * entry or mark lifetime
	 */
	public StoreEpoch(StringRedisTemplate redis, String keyPrefix, Duration distrustFor) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.notNull(keyPrefix, "'keyPrefix' must not be null");
		this.redis = redis;
		this.key = keyPrefix + "epoch";
		this.distrustFor = distrustFor;
	}

	/**
	 * Set the near cache to flush when a loss is detected.
	 * @param nearCache the near cache
	 */
	public void setNearCache(NearCache nearCache) {
		Assert.notNull(nearCache, "'nearCache' must not be null");
		this.nearCache = nearCache;
	}

	/**
	 * Set the clock. Defaults to the UTC system clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	/**
	 * Whether the store's entries and marks can be trusted now.
	 * @return {@code false} for a while after the store lost its data
	 */
	public boolean isTrusted() {
		return !this.clock.instant().isBefore(this.distrustedUntil);
	}

	/**
	 * Compare the store's epoch with the one this process saw last; call it periodically.
	 * A store that cannot be reached is left alone (the circuit breaker and the lookups
	 * deal with it).
	 */
	public void check() {
		for (int attempt = 1; attempt <= 2; attempt++) {
			// A second attempt gets past a pooled connection that broke when the server
			// went away
			if (checkOnce()) {
				return;
			}
		}
	}

	private boolean checkOnce() {
		try {
			String current = this.redis.opsForValue().get(this.key);
			if (current == null) {
				String fresh = UUID.randomUUID().toString();
				Boolean created = this.redis.opsForValue().setIfAbsent(this.key, fresh);
				current = Boolean.TRUE.equals(created) ? fresh : this.redis.opsForValue().get(this.key);
			}
			String previous = this.epoch;
			this.epoch = current;
			if (previous != null && !previous.equals(current)) {
				lost();
			}
			return true;
		}
		catch (DataAccessException ex) {
			logger.debug("Could not read the cache epoch", ex);
			return false;
		}
	}

	private void lost() {
		this.distrustedUntil = this.clock.instant().plus(this.distrustFor);
		this.nearCache.clear();
		logger.warn("Redis lost its data (the cache epoch changed); not trusting cached entries and revocation marks"
				+ " until " + this.distrustedUntil);
	}

}
