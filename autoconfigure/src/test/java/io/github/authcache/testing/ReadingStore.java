/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;

import io.github.authcache.cache.AuthCacheStore;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuthCacheStore} whose reads a test decides and whose writes do nothing.
 *
 * @author authcache authors
 */
public final class ReadingStore implements AuthCacheStore {

	private final Function<String, byte @Nullable []> reads;

	/**
	 * Create a store.
	 * @param reads what a read of a key returns (or throws)
	 */
	public ReadingStore(Function<String, byte @Nullable []> reads) {
		this.reads = reads;
	}

	@Override
	public byte @Nullable [] get(String key) {
		return this.reads.apply(key);
	}

	@Override
	public void put(String key, String value, Duration ttl) {
	}

	@Override
	public void tag(String tagKey, String entryKey, Duration ttl) {
	}

	@Override
	public Set<String> members(String tagKey) {
		return Set.of();
	}

	@Override
	public void delete(Collection<String> keys) {
	}

}
