/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.util.Assert;

/**
 * {@link RefreshClaims} in a map of this process, for tests: instances that share one
 * object share its claims, as instances sharing one Redis share theirs.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class InMemoryRefreshClaims implements RefreshClaims {

	private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();

	private final Clock clock;

	/**
	 * Create claims that expire by the given clock.
	 * @param clock the clock
	 */
	public InMemoryRefreshClaims(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	@Override
	public boolean claim(String entryKey, Duration interval) {
		Instant now = this.clock.instant();
		Instant until = now.plus(interval);
		return this.heldUntil.compute(entryKey,
				(key, held) -> (held != null && held.isAfter(now)) ? held : until) == until;
	}

}
