/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import org.jspecify.annotations.Nullable;

/**
 * Where the store that holds the revocation marks keeps its epoch: an id that lives as
 * long as the store's data, read by {@link StoreEpoch} to tell when that data was lost.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see StoreEpoch
 */
public interface EpochStore {

	/**
	 * Return the store's epoch.
	 * @return the epoch, or {@code null} if the store has none
	 * @throws CacheStoreException if the store could not be read; its
	 * {@link CacheStoreException#getFailure() failure} is {@link StoreFailure#BUSY} when
	 * this process was short of connections, which says nothing about the store
	 */
	@Nullable String read();

	/**
	 * Set the store's epoch unless it has one.
	 * @param epoch the new epoch
	 * @return whether the epoch was set ({@code false} if the store had one)
	 * @throws CacheStoreException if the store could not be written, as for
	 * {@link #read()}
	 */
	boolean createIfAbsent(String epoch);

}
