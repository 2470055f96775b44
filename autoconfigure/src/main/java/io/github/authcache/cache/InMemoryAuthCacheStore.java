/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An {@link AuthCacheStore} in a map of this process, with the expiry of a Redis store
 * read from a {@link Clock}: for one instance, and for tests of the engine without a
 * server. Expired entries and tag sets are removed when they are next touched. Like
 * Spring Session's {@code MapSessionRepository}, it sits beside the interface it
 * implements.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class InMemoryAuthCacheStore implements AuthCacheStore {

	private final Map<String, Expiring<byte[]>> entries = new ConcurrentHashMap<>();

	private final Map<String, Expiring<Set<String>>> tags = new ConcurrentHashMap<>();

	private final Clock clock;

	/**
	 * Create a store whose entries expire by the given clock.
	 * @param clock the clock
	 */
	public InMemoryAuthCacheStore(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	@Override
	public byte @Nullable [] get(String key) {
		Expiring<byte[]> entry = live(this.entries, key);
		return (entry != null) ? entry.value() : null;
	}

	@Override
	public void put(String key, String value, Duration ttl) {
		this.entries.put(key, new Expiring<>(value.getBytes(StandardCharsets.UTF_8), expiry(ttl)));
	}

	@Override
	public void tag(String tagKey, String entryKey, Duration ttl) {
		Instant expiresAt = expiry(ttl);
		this.tags.compute(tagKey, (key, tag) -> {
			Set<String> members = (tag != null && tag.isLiveAt(this.clock.instant())) ? tag.value()
					: ConcurrentHashMap.newKeySet();
			members.add(entryKey);
			return new Expiring<>(members,
					(tag != null && tag.expiresAt().isAfter(expiresAt)) ? tag.expiresAt() : expiresAt);
		});
	}

	@Override
	public Set<String> members(String tagKey) {
		Expiring<Set<String>> tag = live(this.tags, tagKey);
		return (tag != null) ? new HashSet<>(tag.value()) : Set.of();
	}

	@Override
	public void delete(Collection<String> keys) {
		keys.forEach((key) -> {
			this.entries.remove(key);
			this.tags.remove(key);
		});
	}

	/**
	 * Return how long an entry or tag set still lives, as Redis's {@code PTTL} tells.
	 * @param key the key
	 * @return the time left, or {@code null} when there is no such key
	 */
	public @Nullable Duration timeToLive(String key) {
		Expiring<?> expiring = live(this.entries, key);
		if (expiring == null) {
			expiring = live(this.tags, key);
		}
		return (expiring != null) ? Duration.between(this.clock.instant(), expiring.expiresAt()) : null;
	}

	/**
	 * Return the keys of the live entries.
	 * @return the entry keys
	 */
	public Set<String> entryKeys() {
		return liveKeys(this.entries);
	}

	/**
	 * Return the keys of the live tag sets.
	 * @return the tag keys
	 */
	public Set<String> tagKeys() {
		return liveKeys(this.tags);
	}

	private Instant expiry(Duration ttl) {
		return this.clock.instant().plus(ttl);
	}

	private Set<String> liveKeys(Map<String, ? extends Expiring<?>> map) {
		Instant now = this.clock.instant();
		Set<String> keys = new HashSet<>();
		map.forEach((key, expiring) -> {
			if (expiring.isLiveAt(now)) {
				keys.add(key);
			}
		});
		return keys;
	}

	private <T> @Nullable Expiring<T> live(Map<String, Expiring<T>> map, String key) {
		Expiring<T> expiring = map.get(key);
		if (expiring != null && !expiring.isLiveAt(this.clock.instant())) {
			map.remove(key, expiring);
			return null;
		}
		return expiring;
	}

	/**
	 * A value and when it expires.
	 *
	 * @param <T> the type of the value
	 * @param value the value
	 * @param expiresAt when it expires
	 */
	record Expiring<T>(T value, Instant expiresAt) {

		boolean isLiveAt(Instant now) {
			return now.isBefore(this.expiresAt);
		}

	}

}
