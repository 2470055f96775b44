/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.NoSuchElementException;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * Tells which cached answers may have missed a revocation because Redis lost writes, and
 * distrusts only those.
 * <p>
 * Marks can be lost by a restart without persistence, by a failover to a replica that had
 * not received the latest writes (replication is asynchronous), by eviction, or by never
 * being written: an instance whose mark write failed while Redis hung keeps it in a
 * pending queue and writes it once Redis answers (see {@link Revocations}), so for a
 * moment after the hang other instances cannot see it. In every case the answers at risk
 * are those <em>fetched before</em> the writes were lost: an answer fetched afterwards
 * came from the identity provider after every revocation it could have missed. Every
 * entry carries its fetch time, so after a loss detected at time {@code T} this guard
 * distrusts entries (in Redis and in the near cache) fetched before {@code T}, and trusts
 * the others at once: each credential costs one upstream call, then it is cached again.
 * <p>
 * A loss is detected at {@code T} when:
 * <ul>
 * <li>the epoch key ({@code <prefix>epoch}, no TTL, a random id) has changed: another
 * instance found it missing and created it again;</li>
 * <li>the epoch key is missing: Redis restarted empty, or someone deleted it, or
 * {@code allkeys-*} eviction removed it (then marks may have been evicted too). The key
 * is created again with a fresh id. A missing key is never a reason to skip the store for
 * a while: it only says "data may have been lost before now";</li>
 * <li>Redis could not be reached by a check (both attempts failed), and again at the
 * first check that reaches it afterwards: a failover to a lagging replica, a restart, or
 * a hang during which some instance could not write its marks. A check that fails because
 * this process is short of pooled connections says nothing about Redis and is
 * ignored.</li>
 * </ul>
 * The near cache is cleared at every detection (its contents are older than {@code T}),
 * and except at the first check of the process the marks this process remembers (its own
 * and those other instances announced) are written again, so that revocations that live
 * only in marks (a JWT's id, a cache-only invalidation) survive the loss as long as one
 * instance remembers them. {@code T} only moves forward. Fetch times from other instances
 * are compared with this process's clock, the same assumption revocation marks make:
 * clocks are synchronized.
 * <p>
 * The original design skipped the store for the longest entry TTL after any change of the
 * epoch. That also distrusted entries fetched after the loss, which cannot be stale, so
 * an empty restart, a deleted key or an evicted key sent every request to the identity
 * provider for about a minute. Comparing fetch times gives the same guarantee (no entry
 * that may have missed a mark is used) at the cost of one upstream call per credential.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class StoreEpoch {

	private static final Log logger = LogFactory.getLog(StoreEpoch.class);

	private final StringRedisTemplate redis;

	private final String key;

	private NearCache nearCache = NearCache.NONE;

	private @Nullable Revocations revocations;

	private Clock clock = Clock.systemUTC();

	private @Nullable String epoch;

	private boolean unreachable;

	private volatile Instant distrustedBefore = Instant.MIN;

	/**
	 * Create an epoch guard.
	 * @param redis the template of the store that holds the revocation marks
	 * @param keyPrefix the key prefix
	 */
	public StoreEpoch(StringRedisTemplate redis, String keyPrefix) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.notNull(keyPrefix, "'keyPrefix' must not be null");
		this.redis = redis;
		this.key = keyPrefix + "epoch";
	}

	/**
	 * Set the near cache to clear when a loss is detected.
	 * @param nearCache the near cache
	 */
	public void setNearCache(NearCache nearCache) {
		Assert.notNull(nearCache, "'nearCache' must not be null");
		this.nearCache = nearCache;
	}

	/**
	 * Set the revocation marks to write again when a loss is detected (see
	 * {@link Revocations#restoreLost()}).
	 * @param revocations the revocation marks
	 */
	public void setRevocations(Revocations revocations) {
		Assert.notNull(revocations, "'revocations' must not be null");
		this.revocations = revocations;
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
	 * Whether an answer fetched at the given time can be trusted: it was fetched after
	 * the last detected loss.
	 * @param fetchedAt when the answer was fetched from the upstream
	 * @return {@code false} for answers that may have missed a lost revocation mark
	 */
	public boolean trusts(Instant fetchedAt) {
		return !fetchedAt.isBefore(this.distrustedBefore);
	}

	/**
	 * Compare the store's epoch with the one this process saw last; call it periodically
	 * from one thread.
	 */
	public synchronized void check() {
		for (int attempt = 1; attempt <= 2; attempt++) {
			// A second attempt gets past a pooled connection that broke when the server
			// went away
			try {
				checkOnce();
				if (this.unreachable) {
					this.unreachable = false;
					distrustUntilNow();
					restoreMarks();
					logger.info("Redis answers the cache epoch check again; answers cached before now are looked"
							+ " up again once, in case revocation marks were lost or not yet written meanwhile");
				}
				return;
			}
			catch (DataAccessException ex) {
				if (isLocalSaturation(ex)) {
					logger.debug("No pooled connection for the cache epoch check; skipped", ex);
					return;
				}
				logger.debug("Could not read the cache epoch", ex);
			}
		}
		// Marks may be written by no one (or lost) while Redis is away: what this process
		// holds from before is distrusted too
		this.unreachable = true;
		distrustUntilNow();
	}

	private void checkOnce() {
		String current = this.redis.opsForValue().get(this.key);
		boolean missing = current == null;
		if (current == null) {
			String fresh = UUID.randomUUID().toString();
			Boolean created = this.redis.opsForValue().setIfAbsent(this.key, fresh);
			current = Boolean.TRUE.equals(created) ? fresh : this.redis.opsForValue().get(this.key);
		}
		String previous = this.epoch;
		this.epoch = current;
		if (missing && previous == null) {
			// First check of this process: a new deployment, or Redis lost its data
			// before this process started; nothing of this process is at risk
			distrustUntilNow();
			logger.info("Created the cache epoch key; entries cached before now are looked up again once");
		}
		else if (missing) {
			lost("the cache epoch key was missing (Redis restarted empty, or the key was deleted or evicted)");
		}
		else if (previous != null && !previous.equals(current)) {
			lost("the cache epoch changed (Redis lost its data)");
		}
	}

	private void lost(String reason) {
		Instant now = distrustUntilNow();
		restoreMarks();
		logger.warn("Revocation marks written before " + now + " may be lost: " + reason
				+ "; answers cached before then are looked up again once, later ones are used as usual");
	}

	private void restoreMarks() {
		if (this.revocations != null) {
			this.revocations.restoreLost();
		}
	}

	private Instant distrustUntilNow() {
		// Entries record their fetch time to the millisecond
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		if (now.isAfter(this.distrustedBefore)) {
			this.distrustedBefore = now;
		}
		this.nearCache.clear();
		return now;
	}

	private static boolean isLocalSaturation(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// commons-pool2's borrow timeout: the pool is exhausted, Redis may be fine
			if (cause instanceof NoSuchElementException) {
				return true;
			}
		}
		return false;
	}

}
