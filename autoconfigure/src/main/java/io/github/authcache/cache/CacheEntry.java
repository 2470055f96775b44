/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;

import io.github.authcache.resolver.Identity;
import org.jspecify.annotations.Nullable;

/**
 * A cached verdict: the identity of an active credential, or none for an inactive one.
 *
 * @param identity the identity, or {@code null} when the credential is inactive
 * @param fetchedAt when the upstream was asked
 * @param freshUntil when the entry's TTL ended, for an entry kept past it in case the
 * upstream fails (stale-if-error); {@code null} for an entry that lives exactly its TTL
 * @author authcache authors
 * @since 0.1.0
 */
public record CacheEntry(@Nullable Identity identity, Instant fetchedAt, @Nullable Instant freshUntil) {

	/**
	 * Create an entry that lives exactly its TTL.
	 * @param identity the identity, or {@code null} when the credential is inactive
	 * @param fetchedAt when the upstream was asked
	 */
	public CacheEntry(@Nullable Identity identity, Instant fetchedAt) {
		this(identity, fetchedAt, null);
	}

	/**
	 * Whether the entry is within its TTL and may answer a lookup.
	 * @param now the current instant
	 * @return whether the entry is fresh
	 */
	public boolean isFreshAt(Instant now) {
		return this.freshUntil == null || now.isBefore(this.freshUntil);
	}

	/**
	 * Whether the entry is within the bounds of any entry the cache writes: fetched no
	 * later than now (give or take the clock skew between instances), and no longer ago
	 * than the longest time such an entry lives. An entry outside them is a replay of an
	 * old value, a value written without a TTL, or a forgery, and must not be used.
	 * @param now the current instant
	 * @param longestLife the longest time an entry of this kind lives in the store
	 * @param clockSkew how far ahead of this instance's clock another instance's may be
	 * @return whether the entry may be used
	 */
	public boolean isWithinBounds(Instant now, Duration longestLife, Duration clockSkew) {
		return !this.fetchedAt.isAfter(now.plus(clockSkew)) && !this.fetchedAt.plus(longestLife).isBefore(now);
	}

	/**
	 * Whether the credential was active.
	 * @return whether the entry holds an identity
	 */
	public boolean isActive() {
		return this.identity != null;
	}

}
