/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.authcache.credential.Credential;
import io.github.authcache.metrics.AuthCacheMetrics;
import io.github.authcache.metrics.LookupResult;
import io.github.authcache.metrics.UpstreamOutcome;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.resolver.StepUpRequiredException;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import org.jspecify.annotations.Nullable;

/**
 * The way to the upstream: concurrent lookups of one credential share one call
 * (single-flight), an optional bulkhead bounds the calls in flight, an optional
 * {@link UpstreamFairness} holds each client to its share of them, every call is
 * measured, and its answer is written to the store and added to its user's and session's
 * tag sets, for as long as the {@link TtlPolicy} says. Upstream errors are never cached,
 * nor is an answer whose value the reader would refuse ({@link EntryValues}): it is
 * recorded as {@link SkippedWrites skipped} instead.
 *
 * @author authcache authors
 */
final class Upstream {

	private static final Duration LIMIT_RETRY_AFTER = Duration.ofSeconds(1);

	private final AuthCacheStore store;

	private final CacheKeys keys;

	private final TtlPolicy ttlPolicy;

	private final EntryValues values;

	private final SkippedWrites skippedWrites = new SkippedWrites();

	private final SingleFlight<Fetch> singleFlight = new SingleFlight<>();

	private AuthCacheMetrics metrics = AuthCacheMetrics.NONE;

	private Clock clock = Clock.systemUTC();

	private @Nullable Bulkhead limit;

	private @Nullable UpstreamFairness fairness;

	Upstream(AuthCacheStore store, CacheKeys keys, TtlPolicy ttlPolicy, EntryValues values) {
		this.store = store;
		this.keys = keys;
		this.ttlPolicy = ttlPolicy;
		this.values = values;
	}

	void setMetrics(AuthCacheMetrics metrics) {
		this.metrics = metrics;
	}

	void setClock(Clock clock) {
		this.clock = clock;
	}

	void setLimit(@Nullable Bulkhead limit) {
		this.limit = limit;
	}

	void setFairness(@Nullable UpstreamFairness fairness) {
		this.fairness = fairness;
	}

	/**
	 * Fetch the lookup's credential, sharing a call already under way for it, and store
	 * the answer.
	 * @param lookup the lookup
	 * @return the answer
	 */
	Fetch fetch(Lookup lookup) {
		Credential credential = lookup.credential();
		try {
			Fetch fetch = this.singleFlight.execute(lookup.key(), () -> fetchAndStore(lookup));
			this.metrics.lookup(credential.kind(), LookupResult.MISS);
			return fetch;
		}
		catch (RuntimeException ex) {
			this.metrics.lookup(credential.kind(), LookupResult.ERROR);
			throw ex;
		}
	}

	/**
	 * Fetch the lookup's credential on a call of its own, and store the answer: for a
	 * lookup whose shared call started before a revocation, so that it cannot join
	 * another call that started before the revocation too.
	 * @param lookup the lookup
	 * @return the answer
	 */
	Fetch refetch(Lookup lookup) {
		Fetch fetch = fetchAndStore(lookup);
		this.metrics.lookup(lookup.credential().kind(), LookupResult.MISS);
		return fetch;
	}

	/**
	 * Whether a background refresh may ask the upstream now: refreshes come after
	 * lookups, so one is started only while more than half of the upstream limit's
	 * permits are free, and never takes the last permits a lookup may need.
	 * @return whether a refresh may start
	 */
	boolean hasRoomForRefresh() {
		Bulkhead limit = this.limit;
		return limit == null || limit.getMetrics().getAvailableConcurrentCalls() * 2 > limit.getBulkheadConfig()
			.getMaxConcurrentCalls();
	}

	/**
	 * Fetch the lookup's credential in the background, sharing a call already under way
	 * for it, and store the answer as a miss would (an error stores nothing).
	 * @param lookup the refresh's lookup
	 * @return the answer
	 */
	Fetch refresh(Lookup lookup) {
		return this.singleFlight.execute(lookup.key(), () -> fetchAndStore(lookup));
	}

	/**
	 * Ask the resolver, within the upstream limit when it calls an upstream: every path
	 * to the upstream (a miss, a refresh, a lookup while the store is skipped, a resolver
	 * that is not cacheable) ends here, after single-flight, so callers waiting on one
	 * credential's call take no permit.
	 * @param resolver the resolver
	 * @param credential the credential
	 * @return the resolver's answer
	 */
	Resolution resolve(IdentityResolver resolver, Credential credential) {
		Bulkhead limit = resolver.isCacheable() ? this.limit : null;
		if (limit != null && !limit.tryAcquirePermission()) {
			this.metrics.upstreamRejected(credential.kind());
			throw new UpstreamUnavailableException(
					"Too many calls to the identity provider at once (authcache.upstream.max-concurrent-calls)",
					LIMIT_RETRY_AFTER, null);
		}
		try {
			return resolveAndMeasure(resolver, credential);
		}
		finally {
			if (limit != null) {
				limit.onComplete();
			}
		}
	}

	private Resolution resolveAndMeasure(IdentityResolver resolver, Credential credential) {
		long start = System.nanoTime();
		UpstreamOutcome outcome = UpstreamOutcome.ERROR;
		try {
			Resolution resolution = resolver.resolve(credential);
			outcome = (resolution instanceof Resolution.Active) ? UpstreamOutcome.ACTIVE : UpstreamOutcome.INACTIVE;
			return resolution;
		}
		catch (StepUpRequiredException ex) {
			outcome = UpstreamOutcome.STEP_UP;
			throw ex;
		}
		finally {
			this.metrics.upstreamCall(credential.kind(), outcome, System.nanoTime() - start);
		}
	}

	private Fetch fetchAndStore(Lookup lookup) {
		Instant fetchedAt = this.clock.instant();
		Resolution resolution;
		try (UpstreamFairness.Permit permit = (this.fairness != null) ? this.fairness.admit(lookup, this.metrics)
				: UpstreamFairness.Permit.NONE) {
			resolution = resolve(lookup.resolver(), lookup.credential());
		}
		if (resolution instanceof Resolution.Active active) {
			return new Fetch(resolution, fetchedAt, storeActive(lookup, active, fetchedAt));
		}
		Duration ttl = this.ttlPolicy.inactiveTtl(resolution.cacheFor());
		if (ttl != null) {
			write(lookup, new CacheEntry(null, fetchedAt), ttl);
		}
		return new Fetch(resolution, fetchedAt);
	}

	/**
	 * Store an active answer and tag it.
	 * @param lookup the lookup
	 * @param active the answer
	 * @param fetchedAt when the upstream was asked
	 * @return whether the answer can be cached (its value is within the reader's limits)
	 */
	private boolean storeActive(Lookup lookup, Resolution.Active active, Instant fetchedAt) {
		Identity identity = active.identity();
		Duration ttl = this.ttlPolicy.activeTtl(lookup.credential().kind(), identity.expiresAt(), active.cacheFor(),
				fetchedAt);
		if (ttl == null) {
			return true;
		}
		// Kept past its TTL for stale-if-error; freshUntil makes it a miss after the TTL
		boolean cacheable = this.ttlPolicy.keepsStaleEntries()
				? write(lookup, new CacheEntry(identity, fetchedAt, fetchedAt.plus(ttl)),
						this.ttlPolicy.storedTtl(ttl, identity.expiresAt(), fetchedAt))
				: write(lookup, new CacheEntry(identity, fetchedAt), ttl);
		if (cacheable) {
			tag(lookup, this.keys.userKey(identity.subject()));
			if (identity.sessionId() != null) {
				tag(lookup, this.keys.sessionKey(identity.sessionId()));
			}
		}
		return cacheable;
	}

	/**
	 * Write an entry to the store, unless the store failed earlier in the lookup.
	 * @param lookup the lookup
	 * @param entry the entry
	 * @param ttl how long to keep it
	 * @return {@code false} when the entry was not written because the reader would
	 * refuse its value, otherwise {@code true}
	 */
	private boolean write(Lookup lookup, CacheEntry entry, Duration ttl) {
		String value;
		try {
			value = this.values.seal(lookup.key(), entry);
		}
		catch (ValueLimitExceededException ex) {
			this.skippedWrites.skipped(lookup.credential().kind(), ex.getReason(), this.metrics);
			return false;
		}
		if (lookup.storeFailed()) {
			return true;
		}
		try {
			this.store.put(lookup.key(), value, ttl);
			lookup.storeSucceeded();
		}
		catch (CacheStoreException ex) {
			lookup.storeFailed(ex);
		}
		return true;
	}

	private void tag(Lookup lookup, String tagKey) {
		if (lookup.storeFailed()) {
			return;
		}
		try {
			this.store.tag(tagKey, lookup.key(), this.ttlPolicy.tagTtl());
		}
		catch (CacheStoreException ex) {
			lookup.storeFailed(ex);
		}
	}

}
