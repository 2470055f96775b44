/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.authcache.cache.InMemoryAuthCacheStore.Expiring;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link RevocationStore} in a map of this process, with the expiry of a Redis store
 * read from a {@link Clock}: for one instance, and for tests of the engine without a
 * server. Marks kept here are lost with the process, so they hold for this instance only.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class InMemoryRevocationStore implements RevocationStore {

	private final Map<String, Expiring<String>> marks = new ConcurrentHashMap<>();

	private final Clock clock;

	/**
	 * Create a store whose marks expire by the given clock.
	 * @param clock the clock
	 */
	public InMemoryRevocationStore(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	@Override
	public void write(String key, String value, Duration ttl) {
		this.marks.put(key, new Expiring<>(value, this.clock.instant().plus(ttl)));
	}

	@Override
	public List<@Nullable String> read(List<String> keys) {
		List<@Nullable String> values = new ArrayList<>(keys.size());
		for (String key : keys) {
			Expiring<String> mark = this.marks.get(key);
			values.add((mark != null && mark.isLiveAt(this.clock.instant())) ? mark.value() : null);
		}
		return values;
	}

	@Override
	public boolean writeIfAbsent(String key, String value, Duration ttl) {
		Expiring<String> written = new Expiring<>(value, this.clock.instant().plus(ttl));
		return this.marks.compute(key,
				(k, mark) -> (mark != null && mark.isLiveAt(this.clock.instant())) ? mark : written) == written;
	}

	/**
	 * Return how long a mark still lives, as Redis's {@code PTTL} tells.
	 * @param key the mark key
	 * @return the time left, or {@code null} when there is no such mark
	 */
	public @Nullable Duration timeToLive(String key) {
		Expiring<String> mark = this.marks.get(key);
		return (mark != null && mark.isLiveAt(this.clock.instant()))
				? Duration.between(this.clock.instant(), mark.expiresAt()) : null;
	}

}
