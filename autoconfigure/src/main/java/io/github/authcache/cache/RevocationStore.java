/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where revocation marks are kept: the state that must not be lost silently. It may be
 * the same Redis as the cache entries or one of its own configured {@code noeviction}. A
 * write that fails throws {@link CacheStoreException}, and the revocation that asked for
 * it fails loudly.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see io.github.authcache.cache.redis.RedisRevocationStore
 */
public interface RevocationStore {

	/**
	 * Write a mark.
	 * @param key the mark key
	 * @param value the mark value
	 * @param ttl how long the mark lives
	 * @throws CacheStoreException when the mark could not be written
	 */
	void write(String key, String value, Duration ttl);

	/**
	 * Write a mark that can wait: a store that knows its server failed a call and has not
	 * answered since does not attempt it, and fails at once instead, so that a revocation
	 * queues its mark as pending without waiting for a hung server again. This default
	 * {@link #write writes} it.
	 * @param key the mark key
	 * @param value the mark value
	 * @param ttl how long the mark lives
	 * @throws CacheStoreException when the mark could not be written or was not attempted
	 */
	default void writeIfAnswering(String key, String value, Duration ttl) {
		write(key, value, ttl);
	}

	/**
	 * Read marks.
	 * @param keys the mark keys
	 * @return the values, in the order of the keys, {@code null} where there is no mark
	 * @throws CacheStoreException when the marks could not be read
	 */
	List<@Nullable String> read(List<String> keys);

	/**
	 * Read marks while another read runs, so that both cost about one round trip: a store
	 * that can sends the marks' commands, runs {@code meanwhile} (a read of an entry on
	 * another server), then reads the marks' replies. Nothing orders the two reads: the
	 * marks may be read before or after what {@code meanwhile} reads (see
	 * {@link EntryRead#ordered()}). {@code meanwhile} must not throw; it runs at most
	 * once per attempt, and not at all when the store is not even tried (an open
	 * circuit). This default runs {@code meanwhile}, then {@link #read(List) reads} the
	 * marks: two round trips.
	 * @param keys the mark keys
	 * @param meanwhile what to run while the marks are read
	 * @return the values, in the order of the keys, {@code null} where there is no mark
	 * @throws CacheStoreException when the marks could not be read
	 */
	default List<@Nullable String> readAlongside(List<String> keys, Runnable meanwhile) {
		meanwhile.run();
		return read(keys);
	}

	/**
	 * Return the server this store keeps its marks on (see
	 * {@link AuthCacheStore#server()}). Defaults to {@code null}: unknown, never shared.
	 * @return the server (for Redis, its connection factory), or {@code null}
	 */
	default @Nullable Object server() {
		return null;
	}

	/**
	 * Write a mark unless it exists: the first use of a one-time id. Stores that can
	 * should do it atomically ({@code SET NX}); this default reads, then writes.
	 * @param key the mark key
	 * @param value the mark value
	 * @param ttl how long the mark lives
	 * @return whether the mark was written (it did not exist)
	 * @throws CacheStoreException when the store could not answer
	 */
	default boolean writeIfAbsent(String key, String value, Duration ttl) {
		if (read(List.of(key)).get(0) != null) {
			return false;
		}
		write(key, value, ttl);
		return true;
	}

}
