/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Where cache entries are kept. Implementations store opaque strings under keys the
 * {@link CredentialCache} derives; they never see a raw credential. Every method throws
 * {@link CacheStoreException} when the store cannot be reached, and the cache then
 * answers from the upstream instead.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see io.github.authcache.cache.redis.RedisAuthCacheStore
 */
public interface AuthCacheStore {

	/**
	 * Read an entry. A read never extends the entry's time to live.
	 * @param key the entry key
	 * @return the stored value as bytes (the UTF-8 encoding of the string {@link #put
	 * put}), or {@code null} when there is none
	 */
	byte @Nullable [] get(String key);

	/**
	 * Read an entry and, in the same round trip when the store can, the revocation marks
	 * of the given keys: on one server one exchange, no mark read before the entry (at
	 * the same instant, as one {@code MGET} reads them, or after it); on several (the
	 * nodes of a cluster) the read says the marks may have been read before the entry
	 * ({@link EntryRead#ordered()}). Only called when the marks live in this store (see
	 * {@link Revocations#setMarksReadWithEntries}). This default reads the entry alone,
	 * and the marks are then read from the {@link RevocationStore}.
	 * @param key the entry key
	 * @param markKeys the keys of the marks to read with it
	 * @return the value, and the marks when they were read
	 */
	default EntryRead getWithMarks(String key, List<String> markKeys) {
		return EntryRead.valueOnly(get(key));
	}

	/**
	 * Return the server this store keeps its data on, so that a cache store and a
	 * revocation store on the same server can be read together ({@link #getWithMarks}).
	 * Defaults to {@code null}: unknown, never shared.
	 * @return the server (for Redis, its connection factory), or {@code null}
	 */
	default @Nullable Object server() {
		return null;
	}

	/**
	 * Write an entry.
	 * @param key the entry key
	 * @param value the value
	 * @param ttl how long the entry lives
	 */
	void put(String key, String value, Duration ttl);

	/**
	 * Add an entry key to a tag set (all entries of one user), and make the set live at
	 * least as long as the given time to live.
	 * @param tagKey the tag set key
	 * @param entryKey the entry key to add
	 * @param ttl how long the tag set lives from now
	 */
	void tag(String tagKey, String entryKey, Duration ttl);

	/**
	 * Read the entry keys in a tag set.
	 * @param tagKey the tag set key
	 * @return the entry keys, empty when the set does not exist
	 */
	Set<String> members(String tagKey);

	/**
	 * Delete entries or tag sets.
	 * @param keys the keys
	 */
	void delete(Collection<String> keys);

}
