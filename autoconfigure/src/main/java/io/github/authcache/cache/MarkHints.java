/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * Which revocation marks an entry key's answer was last checked against, so that the next
 * read of the entry can fetch its marks in the same round trip. A hint is only a guess:
 * the marks it names are used only when they are exactly the marks of the entry read (see
 * {@link Revocations#check(String, io.github.authcache.resolver.Identity, java.time.Instant, EntryRead, java.time.Instant)}),
 * so a missing, evicted or outdated hint costs a second round trip, never a missed mark.
 * Bounded in size, least recently used first out.
 *
 * @author authcache authors
 */
final class MarkHints {

	/**
	 * How many entry keys are remembered: about 0.5 KB each.
	 */
	static final int MAX_HINTS = 10_000;

	private final Cache<String, List<String>> hints = Caffeine.newBuilder().maximumSize(MAX_HINTS).build();

	/**
	 * Return the mark keys last checked for an entry key.
	 * @param entryKey the entry key
	 * @return the mark keys, or {@code null} when there is no hint
	 */
	@Nullable List<String> get(String entryKey) {
		return this.hints.getIfPresent(entryKey);
	}

	/**
	 * Remember the mark keys an entry key's answer was checked against.
	 * @param entryKey the entry key
	 * @param markKeys the mark keys
	 */
	void learn(String entryKey, List<String> markKeys) {
		if (!markKeys.equals(this.hints.getIfPresent(entryKey))) {
			this.hints.put(entryKey, List.copyOf(markKeys));
		}
	}

}
