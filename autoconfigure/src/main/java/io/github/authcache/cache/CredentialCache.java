/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

import io.github.authcache.credential.Credential;
import io.github.authcache.metrics.AuthCacheMetrics;
import io.github.authcache.metrics.LookupResult;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.resolver.StepUpRequiredException;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Answers "who is this credential?" from the cache when it can and from the upstream when
 * it must: a decorator around the {@link IdentityResolver}s, in the manner of Spring
 * Security's {@code CachingUserDetailsService}. It orchestrates the tiers: the near
 * cache, the store, the upstream.
 * <ul>
 * <li>An entry is used while its TTL lasts (see {@link TtlPolicy}); a caller may ask for
 * a younger one (per-route freshness), and an older entry is then refreshed.</li>
 * <li>On a miss, concurrent lookups of one credential share one upstream call.</li>
 * <li>Upstream errors are never cached; they reach every caller waiting on the call.</li>
 * <li>Expiry and the resolver's own checks ({@link IdentityResolver#validator()}) run on
 * every lookup, hits included; so does the revocation check ({@link Revocations}).</li>
 * <li>Each active entry is added to its user's tag set, so all of a user's entries can be
 * found.</li>
 * <li>An answer whose stored value the reader would refuse (too large, nested too deep)
 * is cached nowhere, not in the near cache either: it is metered, and each lookup of it
 * asks the upstream.</li>
 * <li>A store that fails (Redis down) costs speed, never an answer: the lookup goes to
 * the upstream. After one store call of a lookup fails, that lookup makes no other (no
 * mark read, no write, no tag), so a hung store costs each request at most one command
 * timeout until the circuit breaker opens.</li>
 * <li>Optionally, a bulkhead bounds the upstream calls in flight
 * ({@link #setUpstreamLimit}), and each client holds at most a share of them
 * ({@link #setUpstreamFairness}).</li>
 * <li>Optionally (refresh-ahead, {@link #setRefreshExecutor}), a hit on an entry older
 * than {@link TtlPolicy#refreshAfter} re-checks the credential with the upstream in the
 * background, so a credential revoked at the identity provider is refused within that age
 * while in use, and no request waits for the re-check.</li>
 * <li>Optionally (stale-if-error, {@link TtlPolicy#setStaleIfError}), an active entry is
 * kept past its TTL for a grace, and answers only when the upstream gives no
 * verdict.</li>
 * </ul>
 *
 * @author authcache authors
 * @since 0.1.0
 * @see "docs/design/hit-path.md"
 */
public final class CredentialCache {

	private static final CacheLookup TOKEN_REVOKED = new CacheLookup.Rejected("The token has been revoked");

	private final List<IdentityResolver> resolvers;

	private final CacheKeys keys;

	private final TtlPolicy ttlPolicy;

	private final EntryJudge judge;

	private final Upstream upstream;

	private final StaleIfError staleIfError;

	private final RefreshAhead refreshAhead;

	private final StoreHealth storeHealth = new StoreHealth();

	private final EntryValues values = new EntryValues();

	private NearCache nearCache = NearCache.NONE;

	private AuthCacheMetrics metrics = AuthCacheMetrics.NONE;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a cache.
	 * @param resolvers the resolvers, in order of precedence
	 * @param store the store
	 * @param keys the key derivation
	 * @param ttlPolicy every lifetime
	 * @param revocations the revocation marks every answer is checked against
	 */
	public CredentialCache(List<IdentityResolver> resolvers, AuthCacheStore store, CacheKeys keys, TtlPolicy ttlPolicy,
			Revocations revocations) {
		Assert.notEmpty(resolvers, "'resolvers' must not be empty");
		Assert.notNull(store, "'store' must not be null");
		Assert.notNull(keys, "'keys' must not be null");
		Assert.notNull(ttlPolicy, "'ttlPolicy' must not be null");
		Assert.notNull(revocations, "'revocations' must not be null");
		this.resolvers = List.copyOf(resolvers);
		this.keys = keys;
		this.ttlPolicy = ttlPolicy;
		this.judge = new EntryJudge(store, revocations, ttlPolicy, this.values);
		this.upstream = new Upstream(store, keys, ttlPolicy, this.values);
		this.staleIfError = new StaleIfError(ttlPolicy, this.judge);
		this.refreshAhead = new RefreshAhead(ttlPolicy, this.upstream, this.judge);
	}

	/**
	 * Set the metrics to record lookups and upstream calls with. Defaults to
	 * {@link AuthCacheMetrics#NONE}.
	 * @param metrics the metrics
	 */
	public void setMetrics(AuthCacheMetrics metrics) {
		Assert.notNull(metrics, "'metrics' must not be null");
		this.metrics = metrics;
		this.upstream.setMetrics(metrics);
		this.refreshAhead.setMetrics(metrics);
	}

	/**
	 * Set how values are protected in the store. Defaults to
	 * {@link ValueProtection#NONE}.
	 * @param valueProtection the protection
	 */
	public void setValueProtection(ValueProtection valueProtection) {
		Assert.notNull(valueProtection, "'valueProtection' must not be null");
		this.values.setValueProtection(valueProtection);
	}

	/**
	 * Set the guard that tells which entries may have missed a lost revocation mark
	 * (those fetched before the store lost data); such entries are a miss, in the store
	 * and in the near cache. Defaults to none.
	 * @param storeEpoch the guard
	 */
	public void setStoreEpoch(@Nullable StoreEpoch storeEpoch) {
		this.judge.setStoreEpoch(storeEpoch);
	}

	/**
	 * Set the in-process cache to consult before the store. Defaults to
	 * {@link NearCache#NONE}.
	 * @param nearCache the near cache
	 */
	public void setNearCache(NearCache nearCache) {
		Assert.notNull(nearCache, "'nearCache' must not be null");
		this.nearCache = nearCache;
		this.refreshAhead.setNearCache(nearCache);
	}

	/**
	 * Set the clock. Defaults to the UTC system clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
		this.upstream.setClock(clock);
		this.refreshAhead.setClock(clock);
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
		this.upstream.setLimit(upstreamLimit);
	}

	/**
	 * Set the share of the upstream calls each client may take: a lookup of a client (see
	 * {@link #lookup(Credential, Duration, String)}) over its share gets a
	 * {@link ClientLimitExceededException} before the upstream is asked. Lookups of no
	 * client are not held to it. Defaults to none.
	 * @param upstreamFairness the fairness rule, or {@code null} for none
	 */
	public void setUpstreamFairness(@Nullable UpstreamFairness upstreamFairness) {
		this.upstream.setFairness(upstreamFairness);
	}

	/**
	 * Set the executor that runs background refreshes (refresh-ahead): a hit on an active
	 * entry older than {@link TtlPolicy#refreshAfter} is answered from the cache and the
	 * credential re-checked with the upstream on this executor, at a lower priority than
	 * lookups (only while more than half of the upstream limit is free). Defaults to
	 * none: no refresh-ahead.
	 * @param executor the executor, or {@code null} for no refresh-ahead
	 */
	public void setRefreshExecutor(@Nullable Executor executor) {
		this.refreshAhead.setExecutor(executor);
	}

	/**
	 * Set the claims that make instances sharing the store refresh each credential at
	 * most once per {@link TtlPolicy#refreshAfter} interval. Defaults to
	 * {@link RefreshClaims#NONE}: one refresh at a time per credential in this process.
	 * @param claims the claims
	 */
	public void setRefreshClaims(RefreshClaims claims) {
		Assert.notNull(claims, "'claims' must not be null");
		this.refreshAhead.setClaims(claims);
	}

	/**
	 * Set what is told when a background refresh finds a credential inactive, after its
	 * negative entry is stored. Defaults to {@link RefreshRevocationListener#NONE}.
	 * @param listener the listener
	 */
	public void setRefreshRevocationListener(RefreshRevocationListener listener) {
		Assert.notNull(listener, "'listener' must not be null");
		this.refreshAhead.setRevocationListener(listener);
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
		return lookup(credential, maxAge, null);
	}

	/**
	 * Look a credential up for a client, held to its share of the upstream calls (see
	 * {@link #setUpstreamFairness}).
	 * @param credential the credential
	 * @param maxAge the oldest entry the caller accepts, or {@code null} for any entry
	 * within its TTL
	 * @param client the client's address, or {@code null} for a lookup of no client
	 * @return the verdict, after every access check
	 * @throws ClientLimitExceededException when the verdict had to come from the upstream
	 * and the client is over its share
	 * @throws UpstreamUnavailableException when the verdict had to come from the upstream
	 * and it gave none
	 * @throws StepUpRequiredException when the upstream requires a stronger
	 * authentication
	 */
	public CacheLookup lookup(Credential credential, @Nullable Duration maxAge, @Nullable String client) {
		IdentityResolver resolver = resolverFor(credential);
		if (resolver == null) {
			return new CacheLookup.Rejected("No identity provider accepts this credential");
		}
		Lookup lookup = new Lookup(resolver, credential, this.keys.entryKey(resolver.cacheNamespace(), credential),
				this.clock.instant(), maxAge, this.storeHealth, client);
		if (!resolver.isCacheable()) {
			return resolveUncached(lookup);
		}
		EntryVerdict cached = this.judge.judgeNear(lookup, this.nearCache.get(lookup.key()));
		if (cached == EntryVerdict.MISS) {
			cached = this.judge.judgeStored(lookup);
			if (cached == EntryVerdict.USABLE) {
				holdNear(lookup, lookup.entry());
			}
		}
		if (cached == EntryVerdict.MISS) {
			return fromUpstream(lookup);
		}
		this.metrics.lookup(credential.kind(),
				(cached == EntryVerdict.INACTIVE) ? LookupResult.NEGATIVE_HIT : LookupResult.HIT);
		if (cached == EntryVerdict.TOKEN_REVOKED) {
			return TOKEN_REVOKED;
		}
		if (cached == EntryVerdict.USABLE) {
			this.refreshAhead.hit(lookup);
		}
		return verdict(lookup, identityOf(lookup.entry()), List.of());
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

	private CacheLookup fromUpstream(Lookup lookup) {
		Fetch fetch;
		try {
			fetch = this.upstream.fetch(lookup);
		}
		catch (UpstreamUnavailableException ex) {
			return fromStale(lookup, ex);
		}
		EntryVerdict verdict = this.judge.judgeFetched(lookup, fetch);
		if (verdict == EntryVerdict.MISS) {
			// The lookup (or the one it waited on) started before a revocation: ask
			// again
			fetch = this.upstream.refetch(lookup);
			verdict = this.judge.judgeFetched(lookup, fetch);
		}
		if (verdict == EntryVerdict.TOKEN_REVOKED) {
			return TOKEN_REVOKED;
		}
		if (fetch.resolution() instanceof Resolution.Active active) {
			if (fetch.cacheable()) {
				holdNear(lookup, new CacheEntry(active.identity(), fetch.fetchedAt()));
			}
			return verdict(lookup, active.identity(), active.setCookies());
		}
		return verdict(lookup, null, List.of());
	}

	private CacheLookup fromStale(Lookup lookup, UpstreamUnavailableException failure) {
		if (this.staleIfError.judge(lookup, failure) == EntryVerdict.TOKEN_REVOKED) {
			return TOKEN_REVOKED;
		}
		CacheLookup verdict = verdict(lookup, identityOf(lookup.entry()), List.of());
		if (verdict instanceof CacheLookup.Authenticated) {
			this.metrics.staleServed(lookup.credential().kind());
		}
		return verdict;
	}

	/**
	 * Answer with a resolver that is not worth caching: resolve on every request, check
	 * the marks.
	 * @param lookup the lookup
	 * @return the lookup
	 */
	private CacheLookup resolveUncached(Lookup lookup) {
		Resolution resolution = this.upstream.resolve(lookup.resolver(), lookup.credential());
		if (!(resolution instanceof Resolution.Active active)) {
			return verdict(lookup, null, List.of());
		}
		// A self-contained token (a JWT) is as old as its iat: a revocation after it was
		// issued rejects it
		Object issuedAt = active.identity().attributes().get("iat");
		Fetch fetch = new Fetch(resolution,
				(issuedAt instanceof Number seconds) ? Instant.ofEpochSecond(seconds.longValue()) : lookup.now());
		return switch (this.judge.judgeFetched(lookup, fetch)) {
			case TOKEN_REVOKED -> TOKEN_REVOKED;
			case MISS -> new CacheLookup.Rejected("The credential has been revoked");
			default -> verdict(lookup, active.identity(), active.setCookies());
		};
	}

	private void holdNear(Lookup lookup, @Nullable CacheEntry entry) {
		Identity identity = identityOf(entry);
		if (identity != null && !identity.isExpiredAt(lookup.now())) {
			this.nearCache.put(lookup.key(), entry, this.ttlPolicy.nearCacheHold(identity.expiresAt(), lookup.now()));
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

	private static CacheLookup verdict(Lookup lookup, @Nullable Identity identity, List<String> setCookies) {
		if (identity == null) {
			return new CacheLookup.Rejected("The credential is not active");
		}
		if (identity.isExpiredAt(lookup.now())) {
			return new CacheLookup.Rejected("The credential has expired");
		}
		String rejection = lookup.resolver().validator().validate(identity);
		return (rejection != null) ? new CacheLookup.Rejected(rejection)
				: new CacheLookup.Authenticated(identity, setCookies);
	}

	private static @Nullable Identity identityOf(@Nullable CacheEntry entry) {
		return (entry != null) ? entry.identity() : null;
	}

}
