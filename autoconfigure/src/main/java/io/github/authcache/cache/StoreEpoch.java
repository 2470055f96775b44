/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Tells which cached answers may have missed a revocation because the store lost writes,
 * and distrusts only those.
 * <p>
 * Each {@link #check()} reads the store's epoch ({@link EpochStore}). A loss is detected
 * at time {@code T} when the epoch changed since the last check, when it is missing (it
 * is then created again with a fresh id), or when the store could not be read (both
 * attempts of a check failed, other than for want of a connection of this process) and
 * again at the first check that reads it afterwards. At every detection:
 * <ul>
 * <li>{@link #trusts(Instant)} refuses answers fetched before {@code T} and accepts the
 * others at once; {@code T} only moves forward;</li>
 * <li>the near cache is cleared;</li>
 * <li>except at the first check of the process, the marks this process remembers are
 * written again ({@link Revocations#restoreLost()}), whichever instance detects the loss
 * first.</li>
 * </ul>
 * Fetch times from other instances are compared with this process's clock: clocks are
 * assumed synchronized, as for revocation marks.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see "docs/design/store-epoch.md: what can lose a mark, and why fetch times are compared"
 */
public final class StoreEpoch {

	private static final Log logger = LogFactory.getLog(StoreEpoch.class);

	private final EpochStore store;

	private NearCache nearCache = NearCache.NONE;

	private @Nullable Revocations revocations;

	private Clock clock = Clock.systemUTC();

	private @Nullable String epoch;

	private boolean unreachable;

	private volatile Instant distrustedBefore = Instant.MIN;

	/**
	 * Create an epoch guard.
	 * @param store where the store that holds the revocation marks keeps its epoch
	 */
	public StoreEpoch(EpochStore store) {
		Assert.notNull(store, "'store' must not be null");
		this.store = store;
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
			catch (CacheStoreException ex) {
				if (ex.getFailure() == StoreFailure.BUSY) {
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
		String current = this.store.read();
		boolean missing = current == null;
		if (current == null) {
			String fresh = UUID.randomUUID().toString();
			current = this.store.createIfAbsent(fresh) ? fresh : this.store.read();
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

}
