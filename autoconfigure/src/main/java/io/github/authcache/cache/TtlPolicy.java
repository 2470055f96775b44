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
 * How long verdicts are cached. An active entry lives for the configured TTL of its kind
 * (60 s by default), never past the credential's own expiry and never longer than the
 * upstream allows ({@code Ory-Session-Cache-For}); an inactive one for the short negative
 * TTL (5 s). Errors are never cached. Each TTL gets a jitter of up to 10 %, only ever
 * shorter, so entries written together do not expire together.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class TtlPolicy {

	private static final Duration MINIMUM = Duration.ofMillis(1);

	private final Duration sessionTtl;

	private final Duration tokenTtl;

	private final Duration negativeTtl;

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
	 * Return how long an active verdict may be cached.
	 * @param kind the credential kind
	 * @param expiresAt when the credential expires, if known
	 * @param upstreamLimit how long the upstream allows caching, if it said
	 * @param now the current instant
	 * @return the time to live, or {@code null} when the verdict must not be cached
	 */
	public @Nullable Duration activeTtl(CredentialKind kind, @Nullable Instant expiresAt,
			@Nullable Duration upstreamLimit, Instant now) {
		Duration ttl = (kind == CredentialKind.SESSION) ? this.sessionTtl : this.tokenTtl;
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
	 * Return how long an active entry is kept in the store when it may serve past its TTL
	 * while the upstream gives no verdict (stale-if-error): the TTL plus the grace, but
	 * never past the credential's own expiry.
	 * @param ttl the entry's TTL, from {@link #activeTtl}
	 * @param grace how long past the TTL the entry may serve
	 * @param expiresAt when the credential expires, if known
	 * @param now the current instant
	 * @return how long to keep the entry, at least its TTL
	 */
	public Duration storedTtl(Duration ttl, Duration grace, @Nullable Instant expiresAt, Instant now) {
		Duration stored = ttl.plus(grace);
		if (expiresAt != null) {
			stored = min(stored, Duration.between(now, expiresAt));
		}
		return (stored.compareTo(ttl) >= 0) ? stored : ttl;
	}

	/**
	 * Return the longest time any entry can live: what a user's tag set must outlive.
	 * @return the longest TTL
	 */
	public Duration longestTtl() {
		Duration longest = (this.sessionTtl.compareTo(this.tokenTtl) >= 0) ? this.sessionTtl : this.tokenTtl;
		return (longest.compareTo(this.negativeTtl) >= 0) ? longest : this.negativeTtl;
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
