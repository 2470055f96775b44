/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * An optional in-process cache in front of the {@link AuthCacheStore}: it answers
 * repeated lookups without a network round trip. Its entries are checked against the
 * revocation marks this process knows (its own, and those other instances broadcast) on
 * every use, so it must be short-lived and be cleared whenever broadcasts may have been
 * missed.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public interface NearCache {

	/**
	 * A near cache that holds nothing.
	 */
	NearCache NONE = new NearCache() {

		@Override
		public @Nullable CacheEntry get(String key) {
			return null;
		}

		@Override
		public void put(String key, CacheEntry entry, Duration ttl) {
		}

		@Override
		public void invalidate(Invalidation invalidation) {
		}

		@Override
		public void clear() {
		}

	};

	/**
	 * Read an entry.
	 * @param key the entry key
	 * @return the entry, or {@code null}
	 */
	@Nullable CacheEntry get(String key);

	/**
	 * Write an entry.
	 * @param key the entry key
	 * @param entry the entry
	 * @param ttl the longest time the entry may be held (the near cache may hold it
	 * shorter)
	 */
	void put(String key, CacheEntry entry, Duration ttl);

	/**
	 * Drop the entries an invalidation covers.
	 * @param invalidation the invalidation
	 */
	void invalidate(Invalidation invalidation);

	/**
	 * Drop every entry.
	 */
	void clear();

}
