/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;

/**
 * Claims the right to refresh one credential's entry for an interval, so that instances
 * sharing one store make at most one background refresh per credential per interval.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see CredentialCache#setRefreshClaims(RefreshClaims)
 */
@FunctionalInterface
public interface RefreshClaims {

	/**
	 * Claims that are always granted: each instance refreshes on its own (one refresh per
	 * credential at a time in each process).
	 */
	RefreshClaims NONE = (entryKey, interval) -> true;

	/**
	 * Claim the refresh of an entry for an interval, unless another claim of it is held.
	 * @param entryKey the entry's key
	 * @param interval how long the claim holds
	 * @return whether this caller holds the claim and should refresh
	 * @throws CacheStoreException when the store cannot be reached
	 */
	boolean claim(String entryKey, Duration interval);

}
