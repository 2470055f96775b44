/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Instant;

import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.Resolution;
import org.jspecify.annotations.Nullable;

/**
 * Answers "what does this answer mean now" for every answer a lookup meets: an entry of
 * the near cache, an entry of the store, an entry past its TTL, a fresh upstream answer.
 * A stored entry is a miss unless its value is of a plausible size, sealed under its key,
 * within the bounds of a genuine entry ({@link CacheEntry#isWithinBounds}) and fetched
 * after the store last lost data ({@link StoreEpoch}); every active answer is then
 * checked against the revocation marks ({@link Revocations}). A store that cannot be read
 * (now, or earlier in the lookup) makes a stored entry unusable: it came from that store
 * a moment ago, so the upstream is asked instead.
 *
 * @author authcache authors
 * @see "docs/design/hit-path.md"
 */
final class EntryJudge {

	private final AuthCacheStore store;

	private final Revocations revocations;

	private final TtlPolicy ttlPolicy;

	private final EntryValues values;

	private @Nullable StoreEpoch storeEpoch;

	EntryJudge(AuthCacheStore store, Revocations revocations, TtlPolicy ttlPolicy, EntryValues values) {
		this.store = store;
		this.revocations = revocations;
		this.ttlPolicy = ttlPolicy;
		this.values = values;
	}

	void setStoreEpoch(@Nullable StoreEpoch storeEpoch) {
		this.storeEpoch = storeEpoch;
	}

	/**
	 * Judge an entry of the near cache. Its entries are checked against the marks this
	 * process knows; a JWT id is checked against the store too, because the JTI blacklist
	 * is checked on every request.
	 * @param lookup the lookup, told the entry unless it is a miss
	 * @param entry the near cache's entry, if any
	 * @return the verdict
	 */
	EntryVerdict judgeNear(Lookup lookup, @Nullable CacheEntry entry) {
		if (entry == null || !isTrusted(entry) || lookup.isTooOld(entry) || entry.identity() == null) {
			return EntryVerdict.MISS;
		}
		Identity identity = entry.identity();
		Revocations.Verdict marks = (identity.tokenId() != null)
				? checkStored(lookup, identity, entry.fetchedAt(), null)
				: this.revocations.checkLocal(lookup.key(), identity, entry.fetchedAt());
		lookup.found(entry);
		return EntryVerdict.of(marks);
	}

	/**
	 * Read and judge the credential's entry in the store, with the marks its answer was
	 * last checked against read in the same round trip when there is a hint. An entry
	 * past its TTL is a miss, kept on the lookup in case the upstream gives no verdict.
	 * @param lookup the lookup, told the entry unless it is a miss
	 * @return the verdict
	 */
	EntryVerdict judgeStored(Lookup lookup) {
		EntryRead read = read(lookup);
		CacheEntry entry = decode(lookup.key(), read, lookup.now());
		if (entry == null) {
			return EntryVerdict.MISS;
		}
		if (!entry.isFreshAt(lookup.now())) {
			if (lookup.maxAge() == null) {
				lookup.foundStale(entry);
			}
			return EntryVerdict.MISS;
		}
		if (lookup.isTooOld(entry)) {
			return EntryVerdict.MISS;
		}
		lookup.found(entry);
		Identity identity = entry.identity();
		return (identity != null) ? EntryVerdict.of(checkStored(lookup, identity, entry.fetchedAt(), read))
				: EntryVerdict.INACTIVE;
	}

	/**
	 * Judge an active entry past its TTL: against the store's marks, as on every hit.
	 * @param lookup the lookup
	 * @param identity the entry's identity
	 * @param fetchedAt when the entry was fetched
	 * @return the verdict
	 */
	EntryVerdict judgeStale(Lookup lookup, Identity identity, Instant fetchedAt) {
		return EntryVerdict.of(checkStored(lookup, identity, fetchedAt, null));
	}

	/**
	 * Judge a fresh answer: a lookup that was in flight when a revocation happened is
	 * stale (a miss). Without a readable store (it failed now, or earlier in the lookup,
	 * which then does not wait for it again) only the marks of this process can be
	 * checked. That is enough: the answer itself came from the upstream, so the session
	 * or token it speaks of was alive at the upstream after the store failed, and a
	 * revocation made here is applied locally at once; a mark another instance wrote
	 * while the store failed reached neither the store nor this lookup either way.
	 * @param lookup the lookup
	 * @param fetch the answer and when it was fetched
	 * @return the verdict
	 */
	EntryVerdict judgeFetched(Lookup lookup, Fetch fetch) {
		if (!(fetch.resolution() instanceof Resolution.Active active)) {
			return EntryVerdict.INACTIVE;
		}
		Identity identity = active.identity();
		if (lookup.storeFailed()) {
			return EntryVerdict.of(this.revocations.checkLocal(lookup.key(), identity, fetch.fetchedAt()));
		}
		try {
			return EntryVerdict.of(this.revocations.check(lookup.key(), identity, fetch.fetchedAt()));
		}
		catch (CacheStoreException ex) {
			lookup.storeFailed(ex);
			return EntryVerdict.of(this.revocations.checkLocal(lookup.key(), identity, fetch.fetchedAt()));
		}
	}

	private Revocations.Verdict checkStored(Lookup lookup, Identity identity, Instant fetchedAt,
			@Nullable EntryRead read) {
		if (lookup.storeFailed()) {
			return Revocations.Verdict.STALE;
		}
		try {
			return this.revocations.check(lookup.key(), identity, fetchedAt, read, lookup.now());
		}
		catch (CacheStoreException ex) {
			lookup.storeFailed(ex);
			return Revocations.Verdict.STALE;
		}
	}

	private @Nullable EntryRead read(Lookup lookup) {
		if (lookup.storeFailed()) {
			return null;
		}
		try {
			EntryRead read = this.revocations.read(this.store, lookup.key());
			lookup.storeSucceeded();
			return read;
		}
		catch (CacheStoreException ex) {
			lookup.storeFailed(ex);
			return null;
		}
	}

	private @Nullable CacheEntry decode(String key, @Nullable EntryRead read, Instant now) {
		CacheEntry entry = this.values.open(key, (read != null) ? read.value() : null);
		return (entry != null && entry.isWithinBounds(now, this.ttlPolicy.longestLife(entry), TtlPolicy.CLOCK_SKEW)
				&& isTrusted(entry)) ? entry : null;
	}

	/**
	 * Whether an entry was fetched after the store last lost data, so it cannot have
	 * missed a revocation mark (see {@link StoreEpoch}).
	 * @param entry the entry
	 * @return whether the entry can be used
	 */
	private boolean isTrusted(CacheEntry entry) {
		return this.storeEpoch == null || this.storeEpoch.trusts(entry.fetchedAt());
	}

}
