/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.authcache.resolver.Identity;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link NearCache} on Caffeine: bounded in size, each entry held for the shorter of the
 * configured near-cache TTL and the TTL it was written with (never past its credential's
 * expiry), and dropped by the invalidations other instances broadcast.
 * <p>
 * An invalidation drops the entries it covers: a credential by its entry key, a user by
 * subject, a session by session id, and a JWT by its JTI mark key (issuer and JWT id, as
 * {@link Revocations} derives it). The near cache can be told when it may be trusted (see
 * {@link #setTrusted(BooleanSupplier)}): while it may not, because broadcasts could be
 * missed, it holds and answers nothing.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class CaffeineNearCache implements NearCache {

	private final Cache<String, Held> cache;

	private final CacheKeys keys;

	private final LongAdder bypassed = new LongAdder();

	private volatile BooleanSupplier trusted = () -> true;

	/**
	 * Create a near cache.
	 * @param ttl the longest time an entry is held
	 * @param maxSize the most entries held
	 * @param keys the key derivation, for the JTI mark keys of entries
	 */
	public CaffeineNearCache(Duration ttl, long maxSize, CacheKeys keys) {
		this(ttl, maxSize, keys, Ticker.systemTicker());
	}

	CaffeineNearCache(Duration ttl, long maxSize, CacheKeys keys, Ticker ticker) {
		Assert.isTrue(!ttl.isNegative() && !ttl.isZero(), "'ttl' must be positive");
		Assert.isTrue(maxSize > 0, "'maxSize' must be positive");
		Assert.notNull(keys, "'keys' must not be null");
		this.keys = keys;
		long ttlNanos = ttl.toNanos();
		this.cache = Caffeine.newBuilder()
			.maximumSize(maxSize)
			.expireAfter(new HeldExpiry(ttlNanos))
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
	}

	/**
	 * Set when the near cache may be trusted, for example only while the instance is
	 * subscribed to invalidation broadcasts. While it may not, {@link #get(String)}
	 * answers nothing and {@link #put(String, CacheEntry, Duration)} holds nothing.
	 * Defaults to always.
	 * @param trusted whether the near cache may be used now
	 */
	public void setTrusted(BooleanSupplier trusted) {
		Assert.notNull(trusted, "'trusted' must not be null");
		this.trusted = trusted;
	}

	@Override
	public @Nullable CacheEntry get(String key) {
		if (!this.trusted.getAsBoolean()) {
			this.bypassed.increment();
			return null;
		}
		Held held = this.cache.getIfPresent(key);
		return (held != null) ? held.entry() : null;
	}

	@Override
	public void put(String key, CacheEntry entry, Duration ttl) {
		if (!ttl.isNegative() && !ttl.isZero() && this.trusted.getAsBoolean()) {
			this.cache.put(key, new Held(entry, ttl.toNanos()));
		}
	}

	@Override
	public void invalidate(Invalidation invalidation) {
		String target = invalidation.target();
		switch (invalidation.type()) {
			case CREDENTIAL -> this.cache.invalidate(target);
			case USER -> removeIf((identity) -> target.equals(identity.subject()));
			case SESSION -> removeIf((identity) -> target.equals(identity.sessionId()));
			case JTI -> removeIf((identity) -> target.equals(this.keys.jtiMarkKey(identity)));
			case NOT_BEFORE -> removeIf((identity) -> target.equals(identity.attributes().get("iss")));
		}
	}

	@Override
	public void clear() {
		this.cache.invalidateAll();
	}

	/**
	 * Return how many reads were not answered because the near cache was not trusted.
	 * @return the number of reads bypassed
	 */
	public long getBypassed() {
		return this.bypassed.sum();
	}

	/**
	 * Return the number of entries held (an estimate while evictions are pending).
	 * @return the number of entries
	 */
	public long size() {
		return this.cache.estimatedSize();
	}

	private void removeIf(Predicate<Identity> covered) {
		this.cache.asMap().values().removeIf((held) -> {
			Identity identity = held.entry().identity();
			return identity != null && covered.test(identity);
		});
	}

	private record Held(CacheEntry entry, long ttlNanos) {

	}

	/**
	 * Each entry lives for the shorter of the near-cache TTL and its own; a read never
	 * extends it.
	 */
	private record HeldExpiry(long ttlNanos) implements Expiry<String, Held> {

		@Override
		public long expireAfterCreate(String key, Held held, long currentTime) {
			return Math.min(this.ttlNanos, held.ttlNanos());
		}

		@Override
		public long expireAfterUpdate(String key, Held held, long currentTime, long currentDuration) {
			return Math.min(this.ttlNanos, held.ttlNanos());
		}

		@Override
		public long expireAfterRead(String key, Held held, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
