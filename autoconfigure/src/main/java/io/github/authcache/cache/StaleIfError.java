/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.UpstreamUnavailableException;

/**
 * Answers from an entry past its TTL when the upstream gave no verdict: only an active
 * entry within the stale-if-error grace ({@link TtlPolicy#setStaleIfError}), before the
 * credential's expiry, that no revocation applies to (checked against the store as on
 * every hit). Otherwise the upstream's failure stands. A lookup with a maximum age never
 * gets a stale entry (see {@link EntryJudge#judgeStored}).
 *
 * @author authcache authors
 */
final class StaleIfError {

	private final TtlPolicy ttlPolicy;

	private final EntryJudge judge;

	StaleIfError(TtlPolicy ttlPolicy, EntryJudge judge) {
		this.ttlPolicy = ttlPolicy;
		this.judge = judge;
	}

	/**
	 * Judge the lookup's entry past its TTL, if any, for an answer the upstream failed to
	 * give.
	 * @param lookup the lookup
	 * @param failure why the upstream gave no verdict
	 * @return {@link EntryVerdict#USABLE} (the entry is on the lookup) or
	 * {@link EntryVerdict#TOKEN_REVOKED}
	 * @throws UpstreamUnavailableException the failure, when no stale entry may answer
	 */
	EntryVerdict judge(Lookup lookup, UpstreamUnavailableException failure) {
		CacheEntry stale = lookup.stale();
		Identity identity = (stale != null) ? stale.identity() : null;
		if (stale == null || identity == null || stale.freshUntil() == null
				|| lookup.now().isAfter(this.ttlPolicy.staleUntil(stale.freshUntil()))
				|| identity.isExpiredAt(lookup.now())) {
			throw failure;
		}
		EntryVerdict verdict = this.judge.judgeStale(lookup, identity, stale.fetchedAt());
		if (verdict == EntryVerdict.MISS) {
			throw failure;
		}
		lookup.found(stale);
		return verdict;
	}

}
