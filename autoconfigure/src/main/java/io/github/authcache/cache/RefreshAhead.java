/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.github.authcache.metrics.AuthCacheMetrics;
import io.github.authcache.metrics.RefreshOutcome;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Re-checks credentials in use before their TTL ends (refresh-ahead): a hit on an active
 * entry older than {@link TtlPolicy#refreshAfter} is answered from the cache at once, and
 * the upstream is asked in the background, never on the request's time.
 * <ul>
 * <li>One refresh per credential at a time in this process, and, through the
 * {@link RefreshClaims}, one per credential per interval across the instances sharing the
 * store.</li>
 * <li>Refreshes come after lookups: one starts only while the upstream limit has room
 * ({@link Upstream#hasRoomForRefresh}); otherwise it is skipped, and a later hit tries
 * again.</li>
 * <li>The answer is stored as a miss stores it: an active one replaces the entry (its TTL
 * restarts), an inactive one becomes a negative entry, an error changes nothing. An
 * answer fetched before a revocation is refused by the revocation marks on every read, as
 * a miss's is. The near cache's copy is dropped, so the next request reads the new
 * entry.</li>
 * <li>A credential found inactive is then handed to the
 * {@link RefreshRevocationListener}, which revokes it everywhere.</li>
 * </ul>
 *
 * @author authcache authors
 * @see "docs/caching.md"
 */
final class RefreshAhead {

	private static final Log logger = LogFactory.getLog(RefreshAhead.class);

	private final TtlPolicy ttlPolicy;

	private final Upstream upstream;

	private final EntryJudge judge;

	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	private @Nullable Executor executor;

	private RefreshClaims claims = RefreshClaims.NONE;

	private NearCache nearCache = NearCache.NONE;

	private RefreshRevocationListener revocationListener = RefreshRevocationListener.NONE;

	private AuthCacheMetrics metrics = AuthCacheMetrics.NONE;

	private Clock clock = Clock.systemUTC();

	RefreshAhead(TtlPolicy ttlPolicy, Upstream upstream, EntryJudge judge) {
		this.ttlPolicy = ttlPolicy;
		this.upstream = upstream;
		this.judge = judge;
	}

	void setExecutor(@Nullable Executor executor) {
		this.executor = executor;
	}

	void setClaims(RefreshClaims claims) {
		this.claims = claims;
	}

	void setNearCache(NearCache nearCache) {
		this.nearCache = nearCache;
	}

	void setRevocationListener(RefreshRevocationListener revocationListener) {
		this.revocationListener = revocationListener;
	}

	void setMetrics(AuthCacheMetrics metrics) {
		this.metrics = metrics;
	}

	void setClock(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Start a background refresh of the lookup's entry when it is due and none is under
	 * way in this process.
	 * @param hit a lookup answered by an active entry
	 */
	void hit(Lookup hit) {
		Executor executor = this.executor;
		CacheEntry entry = hit.entry();
		if (executor == null || entry == null || entry.identity() == null) {
			return;
		}
		Duration refreshAfter = this.ttlPolicy.refreshAfter(hit.credential().kind());
		if (refreshAfter == null || !entry.fetchedAt().plus(refreshAfter).isBefore(hit.now())
				|| !this.inFlight.add(hit.key())) {
			return;
		}
		try {
			executor.execute(() -> refresh(hit, refreshAfter));
		}
		catch (RejectedExecutionException ex) {
			this.inFlight.remove(hit.key());
			this.metrics.refresh(hit.credential().kind(), RefreshOutcome.SKIPPED);
		}
	}

	private void refresh(Lookup hit, Duration interval) {
		try {
			if (!this.upstream.hasRoomForRefresh()) {
				this.metrics.refresh(hit.credential().kind(), RefreshOutcome.SKIPPED);
				return;
			}
			if (claim(hit, interval)) {
				this.metrics.refresh(hit.credential().kind(), RefreshOutcome.STARTED);
				this.metrics.refresh(hit.credential().kind(), fetch(hit.refreshAt(this.clock.instant())));
			}
		}
		finally {
			this.inFlight.remove(hit.key());
		}
	}

	private boolean claim(Lookup hit, Duration interval) {
		try {
			return this.claims.claim(hit.key(), interval);
		}
		catch (CacheStoreException ex) {
			// The store is failing: the refresh could not be written either
			this.metrics.refresh(hit.credential().kind(), RefreshOutcome.SKIPPED);
			return false;
		}
	}

	private RefreshOutcome fetch(Lookup lookup) {
		Fetch fetch;
		try {
			fetch = this.upstream.refresh(lookup);
		}
		catch (RuntimeException ex) {
			return RefreshOutcome.ERROR;
		}
		this.nearCache.invalidate(new Invalidation(Invalidation.Type.CREDENTIAL, lookup.key(), lookup.now()));
		if (this.judge.judgeFetched(lookup, fetch) != EntryVerdict.INACTIVE) {
			return RefreshOutcome.ACTIVE;
		}
		revocationFound(lookup.key(), fetch.fetchedAt());
		return RefreshOutcome.REVOKED;
	}

	private void revocationFound(String key, Instant at) {
		try {
			this.revocationListener.revocationFound(key, at);
		}
		catch (RuntimeException ex) {
			// The negative entry already refuses the credential where the store is read
			logger.debug("A revocation found by a refresh could not be announced", ex);
		}
	}

}
