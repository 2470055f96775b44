/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Answers "who is this credential?" from the cache when it can and from the upstream when
 * it must: a decorator around the {@link IdentityResolver}s, in the manner of Spring
 * Security's {@code CachingUserDetailsService}.
 * <ul>
 * <li>An entry is used while its TTL lasts (see {@link TtlPolicy}); a caller may ask for
 * a younger one (per-route freshness), and an older entry is then refreshed.</li>
 * <li>On a miss, concurrent lookups of one credential share one upstream call.</li>
 * <li>Upstream errors are never cached; they reach every caller waiting on the call.</li>
 * <li>Expiry and the resolver's own checks ({@link IdentityResolver#validator()}) run on
 * every lookup, hits included.</li>
 * <li>Each active entry is added to its user's tag set, so all of a user's entries can be
 * found.</li>
 * <li>A store that fails (Redis down) costs speed, never an answer: the lookup goes to
 * the upstream. After one store call of a lookup fails, that lookup makes no other (no
 * mark read, no write, no tag), so a hung store costs each request at most one command
 * timeout until the circuit breaker opens.</li>
 * <li>Optionally, a bulkhead bounds the upstream calls in flight
 * ({@link #setUpstreamLimit}).</li>
 * <li>Optionally (stale-if-error, {@link #setStaleIfError}), an active entry is kept past
 * its TTL for a grace, and answers only when the upstream gives no verdict.</li>
 * </ul>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class CredentialCache {

	private static final Log logger = LogFactory.getLog(CredentialCache.class);

	private static final Duration UPSTREAM_LIMIT_RETRY_AFTER = Duration.ofSeconds(1);

	private static final CacheLookup TOKEN_REVOKED = new CacheLookup.Rejected("The token has been revoked");

	/**
	 * The longest stored value that is decoded (16 KiB): an entry is a few hundred bytes,
	 * so a larger value is foreign and a miss.
	 */
	static final int MAX_VALUE_LENGTH = 16 * 1024;

	/**
	 * How far in the future an entry's fetch time may be: the clock skew tolerated
	 * between instances.
	 */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

	private final List<IdentityResolver> resolvers;

	private final AuthCacheStore store;

	private final CacheKeys keys;

	private final TtlPolicy ttlPolicy;

	private final Revocations revocations;

	private final CacheEntryCodec codec = new CacheEntryCodec();

	private final SingleFlight<Fetch> singleFlight = new SingleFlight<>();

	private final AtomicBoolean storeAvailable = new AtomicBoolean(true);

	private NearCache nearCache = NearCache.NONE;

	private ValueProtection valueProtection = ValueProtection.NONE;

	private @Nullable StoreEpoch storeEpoch;

	private AuthCacheMetrics metrics = AuthCacheMetrics.NONE;

	private Clock clock = Clock.systemUTC();

	private Duration staleIfError = Duration.ZERO;

	private @Nullable Bulkhead upstreamLimit;

	/**
	 * Create a cache.
	 * @param resolvers the resolvers, in order of precedence
	 * @param store the store
	 * @param keys the key derivation
	 * @param ttlPolicy the TTL rules
	 * @param revocations the revocation marks every answer is checked against
	 */
	public CredentialCache(List<IdentityResolver> resolvers, AuthCacheStore store, CacheKeys keys, TtlPolicy ttlPolicy,
			Revocations revocations) {
		Assert.notEmpty(resolvers, "'resolvers' must not be empty");
		Assert.notNull(store, "'store' must not be null");
		Assert.notNull(keys, "'keys' must not be null");
		Assert.notNull(ttlPolicy, "'ttlPolicy' must not be null");
		Assert.notNull(revocations, "'revocations' must not be null");
		this.revocations = revocations;
		this.resolvers = List.copyOf(resolvers);
		this.store = store;
		this.keys = keys;
		this.ttlPolicy = ttlPolicy;
	}

	/**
	 * Set the metrics to record lookups and upstream calls with. Defaults to
	 * {@link AuthCacheMetrics#NONE}.
	 * @param metrics the metrics
	 */
	public void setMetrics(AuthCacheMetrics metrics) {
		Assert.notNull(metrics, "'metrics' must not be null");
		this.metrics = metrics;
	}

	/**
	 * Set how values are protected in the store. Defaults to
	 * {@link ValueProtection#NONE}.
	 * @param valueProtection the protection
	 */
	public void setValueProtection(ValueProtection valueProtection) {
		Assert.notNull(valueProtection, "'valueProtection' must not be null");
		this.valueProtection = valueProtection;
	}

	/**
	 * Set the guard that tells which entries may have missed a lost revocation mark
	 * (those fetched before the store lost data); such entries are a miss, in the store
	 * and in the near cache. Defaults to none.
	 * @param storeEpoch the guard
	 */
	public void setStoreEpoch(@Nullable StoreEpoch storeEpoch) {
		this.storeEpoch = storeEpoch;
	}

	/**
	 * Set the in-process cache to consult before the store. Defaults to
	 * {@link NearCache#NONE}.
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
	 * Set how long past its TTL an active entry may answer a lookup the upstream gives no
	 * verdict for ({@link UpstreamUnavailableException}). Such entries are kept in the
	 * store for their TTL plus this grace (never past the credential's expiry), and past
	 * their TTL they are a miss on every other path. A stale entry is never used past the
	 * credential's expiry, for a revoked credential, for a lookup with a maximum age, or
	 * when it is inactive. Revocation marks and tag sets must then live this much longer
	 * too. Defaults to {@link Duration#ZERO}: off, and entries are written as before.
	 * @param staleIfError the grace, zero to turn it off
	 */
	public void setStaleIfError(Duration staleIfError) {
		Assert.isTrue(!staleIfError.isNegative(), "'staleIfError' must not be negative");
		this.staleIfError = staleIfError;
	}

	/**
	 * Set the limit on concurrent upstream calls of this instance: a lookup that needs
	 * the upstream while the limit is reached gets an
	 * {@link UpstreamUnavailableException} at once (use a bulkhead whose
	 * {@code maxWaitDuration} is zero, so no thread waits for a permit). Resolvers that
	 * are not {@link IdentityResolver#isCacheable() cacheable} answer locally and take no
	 * permit. Defaults to none: no limit.
	 * @param upstreamLimit the bulkhead, or {@code null} for no limit
	 */
	public void setUpstreamLimit(@Nullable Bulkhead upstreamLimit) {
		this.upstreamLimit = upstreamLimit;
	}

	/**
	 * Whether a resolver accepts credentials of the credential's type.
	 * @param credential the credential
	 * @return whether the credential can be looked up
	 */
	public boolean supports(Credential credential) {
		return resolverFor(credential) != null;
	}

	/**
	 * Look a credential up.
	 * @param credential the credential
	 * @param maxAge the oldest entry the caller accepts, or {@code null} for any entry
	 * within its TTL
	 * @return the verdict, after every access check
	 * @throws UpstreamUnavailableException when the verdict had to come from the upstream
	 * and it gave none
	 * @throws StepUpRequiredException when the upstream requires a stronger
	 * authentication
	 */
	public CacheLookup lookup(Credential credential, @Nullable Duration maxAge) {
		IdentityResolver resolver = resolverFor(credential);
		if (resolver == null) {
			return new CacheLookup.Rejected("No identity provider accepts this credential");
		}
		String key = this.keys.entryKey(resolver.cacheNamespace(), credential);
		Instant now = this.clock.instant();
		if (!resolver.isCacheable()) {
			return resolveUncached(resolver, credential, key, now);
		}
		StoreCalls calls = new StoreCalls();
		CacheEntry stale = null;
		CacheLookup cached = fromNearCache(resolver, credential, key, maxAge, now, calls);
		if (cached == null) {
			EntryRead stored = read(key, calls);
			CacheEntry entry = decode(key, stored, now);
			if (entry != null && !entry.isFreshAt(now)) {
				// Past its TTL: a miss, kept only in case the upstream gives no verdict
				stale = (maxAge != null) ? null : entry;
				entry = null;
			}
			cached = fromStore(resolver, credential, key, entry, stored, maxAge, now, calls);
		}
		if (cached != null) {
			return cached;
		}
		Fetch fetch;
		try {
			fetch = fetch(resolver, credential, key, calls);
		}
		catch (UpstreamUnavailableException ex) {
			return fromStale(resolver, credential, key, stale, now, ex, calls);
		}
		Revocations.Verdict revocation = checkFetched(key, fetch, calls);
		if (revocation == Revocations.Verdict.STALE) {
			// The lookup (or the one it waited on) started before a revocation: ask
			// again,
			// on a call of its own, so it cannot join another lookup that started before
			// the revocation too
			fetch = resolveAndStore(resolver, credential, key, calls);
			this.metrics.lookup(credential.kind(), LookupResult.MISS);
			revocation = checkFetched(key, fetch, calls);
		}
		if (revocation == Revocations.Verdict.TOKEN_REVOKED) {
			return TOKEN_REVOKED;
		}
		if (fetch.resolution() instanceof Resolution.Active active) {
			holdNear(key, new CacheEntry(active.identity(), fetch.fetchedAt()), now);
			return verdict(resolver, active.identity(), active.setCookies(), now);
		}
		return verdict(resolver, null, List.of(), now);
	}

	/**
	 * Answer with a resolver that is not worth caching: resolve on every request, check
	 * the marks.
	 * @param resolver the resolver
	 * @param credential the credential
	 * @param key the entry key
	 * @param now the time of the lookup
	 * @return the lookup
	 */
	private CacheLookup resolveUncached(IdentityResolver resolver, Credential credential, String key, Instant now) {
		Resolution resolution = resolve(resolver, credential);
		if (!(resolution instanceof Resolution.Active active)) {
			return verdict(resolver, null, List.of(), now);
		}
		// A self-contained token (a JWT) is as old as its iat: a revocation after it was
		// issued rejects it
		Object issuedAt = active.identity().attributes().get("iat");
		Fetch fetch = new Fetch(resolution,
				(issuedAt instanceof Number seconds) ? Instant.ofEpochSecond(seconds.longValue()) : now);
		Revocations.Verdict revocation = checkFetched(key, fetch, new StoreCalls());
		if (revocation == Revocations.Verdict.TOKEN_REVOKED) {
			return TOKEN_REVOKED;
		}
		if (revocation == Revocations.Verdict.STALE) {
			return new CacheLookup.Rejected("The credential has been revoked");
		}
		return verdict(resolver, active.identity(), active.setCookies(), now);
	}

	/**
	 * Answer from the near cache. Its entries are checked against the marks this process
	 * knows; a JWT id is checked against the store too, because the JTI blacklist is
	 * checked on every request.
	 * @param resolver the resolver
	 * @param credential the credential
	 * @param key the entry key
	 * @param maxAge the oldest entry the route accepts, if any
	 * @param now the time of the lookup
	 * @param calls the lookup's store calls
	 * @return the lookup, or {@code null} when the near cache cannot answer
	 */
	private @Nullable CacheLookup fromNearCache(IdentityResolver resolver, Credential credential, String key,
			@Nullable Duration maxAge, Instant now, StoreCalls calls) {
		CacheEntry entry = this.nearCache.get(key);
		if (entry == null || !isTrusted(entry) || isOlderThan(entry, maxAge, now) || entry.identity() == null) {
			return null;
		}
		Identity identity = entry.identity();
		Revocations.Verdict revocation = (identity.tokenId() != null)
				? checkStored(key, identity, entry.fetchedAt(), null, now, calls)
				: this.revocations.checkLocal(key, identity, entry.fetchedAt());
		if (revocation == Revocations.Verdict.STALE) {
			return null;
		}
		this.metrics.lookup(credential.kind(), LookupResult.HIT);
		return (revocation == Revocations.Verdict.TOKEN_REVOKED) ? TOKEN_REVOKED
				: verdict(resolver, identity, List.of(), now);
	}

	private @Nullable CacheLookup fromStore(IdentityResolver resolver, Credential credential, String key,
			@Nullable CacheEntry entry, @Nullable EntryRead stored, @Nullable Duration maxAge, Instant now,
			StoreCalls calls) {
		if (entry == null || isOlderThan(entry, maxAge, now)) {
			return null;
		}
		Identity identity = entry.identity();
		if (identity == null) {
			this.metrics.lookup(credential.kind(), LookupResult.NEGATIVE_HIT);
			return verdict(resolver, null, List.of(), now);
		}
		Revocations.Verdict revocation = checkStored(key, identity, entry.fetchedAt(), stored, now, calls);
		if (revocation == Revocations.Verdict.STALE) {
			return null;
		}
		this.metrics.lookup(credential.kind(), LookupResult.HIT);
		if (revocation == Revocations.Verdict.TOKEN_REVOKED) {
			return TOKEN_REVOKED;
		}
		holdNear(key, entry, now);
		return verdict(resolver, identity, List.of(), now);
	}

	/**
	 * Answer from an entry past its TTL, because the upstream gave no verdict: only an
	 * active entry within the grace, before the credential's expiry, that no revocation
	 * applies to (checked against the store as on every hit). Otherwise the upstream's
	 * failure stands.
	 * @param resolver the resolver
	 * @param credential the credential
	 * @param key the entry key
	 * @param stale the entry past its TTL, if any
	 * @param now the time of the lookup
	 * @param failure why the upstream gave no verdict
	 * @param calls the lookup's store calls
	 * @return the lookup
	 */
	private CacheLookup fromStale(IdentityResolver resolver, Credential credential, String key,
			@Nullable CacheEntry stale, Instant now, UpstreamUnavailableException failure, StoreCalls calls) {
		Identity identity = (stale != null) ? stale.identity() : null;
		if (stale == null || identity == null || stale.freshUntil() == null
				|| now.isAfter(stale.freshUntil().plus(this.staleIfError)) || identity.isExpiredAt(now)) {
			throw failure;
		}
		Revocations.Verdict revocation = checkStored(key, identity, stale.fetchedAt(), null, now, calls);
		if (revocation == Revocations.Verdict.TOKEN_REVOKED) {
			return TOKEN_REVOKED;
		}
		if (revocation != Revocations.Verdict.CLEAR) {
			throw failure;
		}
		CacheLookup verdict = verdict(resolver, identity, List.of(), now);
		if (verdict instanceof CacheLookup.Authenticated) {
			this.metrics.staleServed(credential.kind());
		}
		return verdict;
	}

	private void holdNear(String key, CacheEntry entry, Instant now) {
		Identity identity = entry.identity();
		if (identity != null && !identity.isExpiredAt(now)) {
			Duration untilExpiry = (identity.expiresAt() != null) ? Duration.between(now, identity.expiresAt())
					: this.ttlPolicy.longestTtl();
			this.nearCache.put(key, entry, untilExpiry);
		}
	}

	/**
	 * Return the entry keys a credential can have: per resolver that accepts it, one per
	 * secret ({@link CacheKeys#entryKeys}).
	 * @param credential the credential
	 * @return the entry keys
	 */
	public List<String> entryKeys(Credential credential) {
		return this.resolvers.stream()
			.filter((resolver) -> resolver.supports(credential.type()))
			.flatMap((resolver) -> this.keys.entryKeys(resolver.cacheNamespace(), credential).stream())
			.toList();
	}

	private Fetch fetch(IdentityResolver resolver, Credential credential, String key, StoreCalls calls) {
		try {
			Fetch fetch = this.singleFlight.execute(key, () -> resolveAndStore(resolver, credential, key, calls));
			this.metrics.lookup(credential.kind(), LookupResult.MISS);
			return fetch;
		}
		catch (RuntimeException ex) {
			this.metrics.lookup(credential.kind(), LookupResult.ERROR);
			throw ex;
		}
	}

	/**
	 * Check a stored entry: against the local and the stored marks. A store that cannot
	 * be read (now, or earlier in the lookup) makes the entry unusable (it came from that
	 * store a moment ago, so the upstream is asked instead).
	 * @param key the entry key
	 * @param identity the entry's identity
	 * @param fetchedAt when the entry was fetched
	 * @param stored the read of the entry, with the marks read along with it, if any
	 * @param readAt when the lookup started, before the entry was read
	 * @param calls the lookup's store calls
	 * @return the verdict
	 */
	private Revocations.Verdict checkStored(String key, Identity identity, Instant fetchedAt,
			@Nullable EntryRead stored, Instant readAt, StoreCalls calls) {
		if (calls.failed) {
			return Revocations.Verdict.STALE;
		}
		try {
			return this.revocations.check(key, identity, fetchedAt, stored, readAt);
		}
		catch (CacheStoreException ex) {
			storeFailed(ex, calls);
			return Revocations.Verdict.STALE;
		}
	}

	/**
	 * Check a fresh answer: a lookup that was in flight when a revocation happened is
	 * stale. Without a readable store (it failed now, or earlier in the lookup, which
	 * then does not wait for it again) only the marks of this process can be checked.
	 * That is enough: the answer itself came from the upstream, so the session or token
	 * it speaks of was alive at the upstream after the store failed, and a revocation
	 * made here is applied locally at once; a mark another instance wrote while the store
	 * failed reached neither the store nor this lookup either way.
	 * @param key the entry key
	 * @param fetch the answer and when it was fetched
	 * @param calls the lookup's store calls
	 * @return the verdict
	 */
	private Revocations.Verdict checkFetched(String key, Fetch fetch, StoreCalls calls) {
		if (!(fetch.resolution() instanceof Resolution.Active active)) {
			return Revocations.Verdict.CLEAR;
		}
		if (calls.failed) {
			return this.revocations.checkLocal(key, active.identity(), fetch.fetchedAt());
		}
		try {
			return this.revocations.check(key, active.identity(), fetch.fetchedAt());
		}
		catch (CacheStoreException ex) {
			storeFailed(ex, calls);
			return this.revocations.checkLocal(key, active.identity(), fetch.fetchedAt());
		}
	}

	private @Nullable IdentityResolver resolverFor(Credential credential) {
		for (IdentityResolver resolver : this.resolvers) {
			if (resolver.supports(credential.type())) {
				return resolver;
			}
		}
		return null;
	}

	private CacheLookup verdict(IdentityResolver resolver, @Nullable Identity identity, List<String> setCookies,
			Instant now) {
		if (identity == null) {
			return new CacheLookup.Rejected("The credential is not active");
		}
		if (identity.isExpiredAt(now)) {
			return new CacheLookup.Rejected("The credential has expired");
		}
		String rejection = resolver.validator().validate(identity);
		return (rejection != null) ? new CacheLookup.Rejected(rejection)
				: new CacheLookup.Authenticated(identity, setCookies);
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

	private static boolean isOlderThan(CacheEntry entry, @Nullable Duration maxAge, Instant now) {
		return maxAge != null && entry.fetchedAt().plus(maxAge).isBefore(now);
	}

	private Fetch resolveAndStore(IdentityResolver resolver, Credential credential, String key, StoreCalls calls) {
		Instant fetchedAt = this.clock.instant();
		Resolution resolution = resolve(resolver, credential);
		if (resolution instanceof Resolution.Active active) {
			Identity identity = active.identity();
			Duration ttl = this.ttlPolicy.activeTtl(credential.kind(), identity.expiresAt(), active.cacheFor(),
					fetchedAt);
			if (ttl != null && this.staleIfError.isZero()) {
				write(key, new CacheEntry(identity, fetchedAt), ttl, calls);
			}
			else if (ttl != null) {
				// Kept past its TTL for stale-if-error; freshUntil makes it a miss after
				// the TTL
				write(key, new CacheEntry(identity, fetchedAt, fetchedAt.plus(ttl)),
						this.ttlPolicy.storedTtl(ttl, this.staleIfError, identity.expiresAt(), fetchedAt), calls);
			}
			if (ttl != null) {
				tag(this.keys.userKey(identity.subject()), key, calls);
				if (identity.sessionId() != null) {
					tag(this.keys.sessionKey(identity.sessionId()), key, calls);
				}
			}
		}
		else {
			Duration ttl = this.ttlPolicy.inactiveTtl(resolution.cacheFor());
			if (ttl != null) {
				write(key, new CacheEntry(null, fetchedAt), ttl, calls);
			}
		}
		return new Fetch(resolution, fetchedAt);
	}

	/**
	 * Ask the resolver, within the upstream limit when it calls an upstream: every path
	 * to the upstream (a miss, a refresh, a lookup while the store is skipped) ends here,
	 * after single-flight, so callers waiting on one credential's call take no permit.
	 * @param resolver the resolver
	 * @param credential the credential
	 * @return the resolver's answer
	 */
	private Resolution resolve(IdentityResolver resolver, Credential credential) {
		Bulkhead limit = resolver.isCacheable() ? this.upstreamLimit : null;
		if (limit != null && !limit.tryAcquirePermission()) {
			this.metrics.upstreamRejected(credential.kind());
			throw new UpstreamUnavailableException(
					"Too many calls to the identity provider at once (authcache.upstream.max-concurrent-calls)",
					UPSTREAM_LIMIT_RETRY_AFTER, null);
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

	/**
	 * Read an entry from the store, with the marks its answer was last checked against
	 * when there is a hint ({@link Revocations#hintedMarkKeys}): then a hit is about one
	 * round trip ({@link Revocations#read}).
	 * @param key the entry key
	 * @param calls the lookup's store calls
	 * @return the read, or {@code null} when the store failed (now, or earlier in the
	 * lookup)
	 */
	private @Nullable EntryRead read(String key, StoreCalls calls) {
		if (calls.failed) {
			return null;
		}
		try {
			List<String> markKeys = this.revocations.hintedMarkKeys(key);
			EntryRead read = (markKeys != null) ? this.revocations.read(this.store, key, markKeys)
					: EntryRead.valueOnly(this.store.get(key));
			storeSucceeded();
			return read;
		}
		catch (CacheStoreException ex) {
			storeFailed(ex, calls);
			return null;
		}
	}

	/**
	 * Decode a read entry: a miss unless the value is of a plausible size, sealed under
	 * this key, within the bounds of a genuine entry ({@link CacheEntry#isWithinBounds}),
	 * so a value written back after its TTL, or without one, is never used, and fetched
	 * after the store last lost data.
	 * @param key the entry key
	 * @param stored the read, or {@code null} when the store failed
	 * @param now the current time
	 * @return the entry, or {@code null} for a miss
	 */
	private @Nullable CacheEntry decode(String key, @Nullable EntryRead stored, Instant now) {
		byte[] value = (stored != null) ? stored.value() : null;
		if (value == null || value.length > MAX_VALUE_LENGTH) {
			return null;
		}
		ByteBuffer plain = this.valueProtection.open(key, value);
		CacheEntry entry = (plain != null) ? this.codec.decode(plain) : null;
		return (entry != null && entry.isWithinBounds(now, longestLife(entry), CLOCK_SKEW) && isTrusted(entry)) ? entry
				: null;
	}

	/**
	 * Return the longest time an entry like this one lives in the store: an inactive
	 * verdict its negative TTL, an active one the longest TTL plus the stale-if-error
	 * grace.
	 * @param entry the entry
	 * @return its longest life in the store
	 */
	private Duration longestLife(CacheEntry entry) {
		if (entry.isActive()) {
			return this.ttlPolicy.longestTtl().plus(this.staleIfError);
		}
		Duration negativeTtl = this.ttlPolicy.inactiveTtl(null);
		return (negativeTtl != null) ? negativeTtl : Duration.ZERO;
	}

	private void write(String key, CacheEntry entry, Duration ttl, StoreCalls calls) {
		if (calls.failed) {
			return;
		}
		try {
			this.store.put(key, this.valueProtection.seal(key, this.codec.encode(entry)), ttl);
			storeSucceeded();
		}
		catch (CacheStoreException ex) {
			storeFailed(ex, calls);
		}
	}

	private void tag(String tagKey, String entryKey, StoreCalls calls) {
		if (calls.failed) {
			return;
		}
		try {
			this.store.tag(tagKey, entryKey, this.ttlPolicy.longestTtl().plus(this.staleIfError));
		}
		catch (CacheStoreException ex) {
			storeFailed(ex, calls);
		}
	}

	private void storeSucceeded() {
		if (!this.storeAvailable.get() && this.storeAvailable.compareAndSet(false, true)) {
			logger.debug("Cache store is answering again; lookups are cached again");
		}
	}

	private void storeFailed(CacheStoreException ex, StoreCalls calls) {
		calls.failed = true;
		if (this.storeAvailable.compareAndSet(true, false)) {
			// The circuit breaker logs the state change once; this is the detail
			logger.debug("Cache store failed; lookups go to the identity provider until it answers again", ex);
		}
	}

	/**
	 * The store calls of one lookup. Once one fails, the lookup makes no other: each
	 * would cost another command timeout while the store hangs, and the breaker opens on
	 * the failures of all lookups anyway. Confined to the lookup's thread (a lookup that
	 * waits on another's upstream call shares its answer, not its store calls).
	 */
	private static final class StoreCalls {

		private boolean failed;

	}

	/**
	 * An upstream answer and when the upstream was asked.
	 */
	private record Fetch(Resolution resolution, Instant fetchedAt) {

	}

}
