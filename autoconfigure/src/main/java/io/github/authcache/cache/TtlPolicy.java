/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import io.github.authcache.credential.CredentialKind;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Every lifetime of the cache, in the manner of Caffeine's {@code Expiry}: how long an
 * answer is cached, how long it is kept for stale-if-error, how long tag sets, revocation
 * marks and near-cache copies live, and the longest life a genuine entry can have.
 * <p>
 * An active entry lives for the configured TTL of its kind (60 s by default), never past
 * the credential's own expiry and never longer than the upstream allows
 * ({@code Ory-Session-Cache-For}); an inactive one for the short negative TTL (5 s).
 * Errors are never cached. Each TTL gets a jitter of up to 10 %, only ever shorter, so
 * entries written together do not expire together. Revocation marks outlive every entry
 * fetched before them.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class TtlPolicy {

	/**
	 * How far in the future an entry's fetch time may be: the clock skew tolerated
	 * between instances.
	 */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

	private static final Duration MINIMUM = Duration.ofMillis(1);

	private static final Duration DEFAULT_LONGEST_UPSTREAM_CALL = Duration.ofSeconds(3);

	private final Duration sessionTtl;

	private final Duration tokenTtl;

	private final Duration negativeTtl;

	private volatile Duration staleIfError = Duration.ZERO;

	private volatile Duration longestUpstreamCall = DEFAULT_LONGEST_UPSTREAM_CALL;

	private volatile @Nullable Duration refreshAfter;

	/**
	 * Create a policy.
	 * @param sessionTtl the longest time an active session entry lives
	 * @param tokenTtl the longest time an active token entry lives
	 * @param negativeTtl the longest time an inactive entry lives
	 */
	public TtlPolicy(Duration sessionTtl, Duration tokenTtl, Duration negativeTtl) {
		Assert.isTrue(!sessionTtl.isNegative() && !sessionTtl.isZero(), "'sessionTtl' must be positive");
		Assert.isTrue(!tokenTtl.isNegative() && !tokenTtl.isZero(), "'tokenTtl' must be positive");
		Assert.isTrue(!negativeTtl.isNegative() && !negativeTtl.isZero(), "'negativeTtl' must be positive");
		this.sessionTtl = sessionTtl;
		this.tokenTtl = tokenTtl;
		this.negativeTtl = negativeTtl;
	}

	/**
	 * Set how long past its TTL an active entry may answer a lookup the upstream gives no
	 * verdict for (stale-if-error). Such entries are kept in the store for their TTL plus
	 * this grace (never past the credential's expiry); tag sets and revocation marks live
	 * this much longer too. Defaults to {@link Duration#ZERO}: off.
	 * @param staleIfError the grace, zero to turn it off
	 */
	public void setStaleIfError(Duration staleIfError) {
		Assert.isTrue(!staleIfError.isNegative(), "'staleIfError' must not be negative");
		this.staleIfError = staleIfError;
	}

	/**
	 * Set the longest time an upstream call can take, from the fetch time an entry
	 * records to the end of the call after which it is written: revocation marks live
	 * this much longer than the longest entry. Defaults to 3 seconds (the default connect
	 * and read timeouts of {@code authcache.upstream}).
	 * @param longestUpstreamCall the longest upstream call
	 */
	public void setLongestUpstreamCall(Duration longestUpstreamCall) {
		Assert.isTrue(!longestUpstreamCall.isNegative(), "'longestUpstreamCall' must not be negative");
		this.longestUpstreamCall = longestUpstreamCall;
	}

	/**
	 * Set the age after which a hit on an active entry re-checks the credential with the
	 * upstream in the background (refresh-ahead): the bound on how long a credential
	 * revoked at the identity provider itself is accepted while in use. Defaults to
	 * {@code null}: half the TTL of the credential's kind.
	 * @param refreshAfter the age, {@link Duration#ZERO} to turn refresh-ahead off, or
	 * {@code null} for half the TTL
	 */
	public void setRefreshAfter(@Nullable Duration refreshAfter) {
		Assert.isTrue(refreshAfter == null || !refreshAfter.isNegative(), "'refreshAfter' must not be negative");
		this.refreshAfter = refreshAfter;
	}

	/**
	 * Return the age after which a hit on an active entry of a kind refreshes it in the
	 * background.
	 * @param kind the credential kind
	 * @return the age, or {@code null} when refresh-ahead is off
	 */
	public @Nullable Duration refreshAfter(CredentialKind kind) {
		Duration refreshAfter = this.refreshAfter;
		if (refreshAfter == null) {
			return ttlOf(kind).dividedBy(2);
		}
		return refreshAfter.isZero() ? null : refreshAfter;
	}

	/**
	 * Return how long an active verdict may be cached.
	 * @param kind the credential kind
	 * @param expiresAt when the credential expires, if known
	 * @param upstreamLimit how long the upstream allows caching, if it said
	 * @param now the current instant
	 * @return the time to live, or {@code null} when the verdict must not be cached
	 */
	public @Nullable Duration activeTtl(CredentialKind kind, @Nullable Instant expiresAt,
			@Nullable Duration upstreamLimit, Instant now) {
		Duration ttl = ttlOf(kind);
		if (expiresAt != null) {
			ttl = min(ttl, Duration.between(now, expiresAt));
		}
		return bounded(ttl, upstreamLimit);
	}

	/**
	 * Return how long an inactive verdict may be cached.
	 * @param upstreamLimit how long the upstream allows caching, if it said
	 * @return the time to live, or {@code null} when the verdict must not be cached
	 */
	public @Nullable Duration inactiveTtl(@Nullable Duration upstreamLimit) {
		return bounded(this.negativeTtl, upstreamLimit);
	}

	/**
	 * Return whether active entries are kept past their TTL for stale-if-error.
	 * @return whether a stale-if-error grace is set
	 */
	public boolean keepsStaleEntries() {
		return !this.staleIfError.isZero();
	}

	/**
	 * Return how long an active entry is kept in the store: its TTL plus the
	 * stale-if-error grace, but never past the credential's own expiry, and at least its
	 * TTL.
	 * @param ttl the entry's TTL, from {@link #activeTtl}
	 * @param expiresAt when the credential expires, if known
	 * @param now the current instant
	 * @return how long to keep the entry
	 */
	public Duration storedTtl(Duration ttl, @Nullable Instant expiresAt, Instant now) {
		Duration stored = ttl.plus(this.staleIfError);
		if (expiresAt != null) {
			stored = min(stored, Duration.between(now, expiresAt));
		}
		return (stored.compareTo(ttl) >= 0) ? stored : ttl;
	}

	/**
	 * Return until when an entry past its TTL may still answer a lookup the upstream
	 * gives no verdict for.
	 * @param freshUntil the end of the entry's TTL
	 * @return the end of its stale-if-error grace
	 */
	public Instant staleUntil(Instant freshUntil) {
		return freshUntil.plus(this.staleIfError);
	}

	/**
	 * Return how long a tag set lives after an entry is added to it: as long as the
	 * longest entry.
	 * @return the tag set TTL
	 */
	public Duration tagTtl() {
		return longestTtl().plus(this.staleIfError);
	}

	/**
	 * Return how long a revocation mark lives: the longest entry (including one kept for
	 * stale-if-error) plus the longest upstream call, so every answer fetched before the
	 * mark expires before it.
	 * @return the mark TTL
	 */
	public Duration markTtl() {
		return tagTtl().plus(this.longestUpstreamCall);
	}

	/**
	 * Return how long the near cache may hold an active answer: until the credential's
	 * expiry, or the longest TTL when it has none.
	 * @param expiresAt when the credential expires, if known
	 * @param now the current instant
	 * @return how long to hold it
	 */
	public Duration nearCacheHold(@Nullable Instant expiresAt, Instant now) {
		return (expiresAt != null) ? Duration.between(now, expiresAt) : longestTtl();
	}

	/**
	 * Return the longest time an entry like this one lives in the store: an inactive
	 * verdict its negative TTL, an active one the longest TTL plus the stale-if-error
	 * grace. An entry older than that is not genuine.
	 * @param entry the entry
	 * @return its longest life in the store
	 */
	public Duration longestLife(CacheEntry entry) {
		return entry.isActive() ? tagTtl() : this.negativeTtl;
	}

	/**
	 * Return how long before a read an entry must have been fetched for marks read at the
	 * same time as it (not after it) to decide for it: the longest upstream call plus the
	 * tolerated clock skew.
	 * @return the young-entry window
	 * @see "docs/design/revocation-marks.md"
	 */
	public Duration youngEntryWindow() {
		return this.longestUpstreamCall.plus(CLOCK_SKEW);
	}

	/**
	 * Return the longest time any entry can live without stale-if-error.
	 * @return the longest TTL
	 */
	public Duration longestTtl() {
		Duration longest = (this.sessionTtl.compareTo(this.tokenTtl) >= 0) ? this.sessionTtl : this.tokenTtl;
		return (longest.compareTo(this.negativeTtl) >= 0) ? longest : this.negativeTtl;
	}

	private Duration ttlOf(CredentialKind kind) {
		return (kind == CredentialKind.SESSION) ? this.sessionTtl : this.tokenTtl;
	}

	private static @Nullable Duration bounded(Duration ttl, @Nullable Duration upstreamLimit) {
		if (upstreamLimit != null) {
			ttl = min(ttl, upstreamLimit);
		}
		if (ttl.compareTo(MINIMUM) < 0) {
			return null;
		}
		Duration jittered = ttl.minusMillis(ThreadLocalRandom.current().nextLong(ttl.toMillis() / 10 + 1));
		return (jittered.compareTo(MINIMUM) >= 0) ? jittered : MINIMUM;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
