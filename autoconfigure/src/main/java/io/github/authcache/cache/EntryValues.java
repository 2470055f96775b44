/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.ByteBuffer;

import io.github.authcache.metrics.WriteSkipReason;
import org.jspecify.annotations.Nullable;

/**
 * Turns entries into the values the store keeps and back: encoded by the
 * {@link CacheEntryCodec}, then sealed by the {@link ValueProtection}. The one place the
 * limits of a stored value are defined, so the writer never stores a value the reader
 * would refuse: a stored value is at most {@value #MAX_LENGTH} bytes long and its
 * attributes nest at most {@value CacheEntryCodec#MAX_DEPTH} deep.
 *
 * @author authcache authors
 * @see "docs/caching.md"
 */
final class EntryValues {

	/**
	 * The longest stored value (16 KiB): a typical session entry is a few hundred bytes,
	 * so a longer value is not decoded (a miss) and none is written. The limit bounds
	 * what a hit costs (the round trip, the base64 decoding, the MAC and the decoding all
	 * grow with the value), what a value forged in Redis can make every reader do, and
	 * what a near cache entry holds.
	 */
	static final int MAX_LENGTH = 16 * 1024;

	/**
	 * The longest encoded entry that can seal into a value of {@link #MAX_LENGTH}: base64
	 * makes 4 characters of every 3 bytes, and sealing only adds bytes.
	 */
	private static final int MAX_ENCODED_LENGTH = MAX_LENGTH / 4 * 3;

	private final CacheEntryCodec codec = new CacheEntryCodec();

	private ValueProtection valueProtection = ValueProtection.NONE;

	void setValueProtection(ValueProtection valueProtection) {
		this.valueProtection = valueProtection;
	}

	/**
	 * Return the value to store for an entry.
	 * @param key the entry key
	 * @param entry the entry
	 * @return the stored value
	 * @throws ValueLimitExceededException when the value would exceed a limit of the
	 * reader
	 */
	String seal(String key, CacheEntry entry) {
		String sealed = this.valueProtection.seal(key, this.codec.encode(entry, MAX_ENCODED_LENGTH));
		if (sealed.length() > MAX_LENGTH) {
			throw new ValueLimitExceededException(WriteSkipReason.TOO_LARGE);
		}
		return sealed;
	}

	/**
	 * Return the entry of a stored value.
	 * @param key the entry key the value was read from
	 * @param value the stored value, if any
	 * @return the entry, or {@code null} when there is no value or it is not one
	 * {@link #seal} returns for this key
	 */
	@Nullable CacheEntry open(String key, byte @Nullable [] value) {
		if (value == null || value.length > MAX_LENGTH) {
			return null;
		}
		ByteBuffer plain = this.valueProtection.open(key, value);
		return (plain != null) ? this.codec.decode(plain) : null;
	}

}
