/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.github.authcache.cache.OneTimeTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;
import org.springframework.security.oauth2.jwt.DPoPProofReplayValidator;

/**
 * The {@link Cache} Spring Security's {@link DPoPProofReplayValidator} records proof ids
 * in, over {@link OneTimeTokens}: {@link #putIfAbsent} is a {@code SET NX} shared by all
 * instances, scoped to the proof's key, and lives until the proof expires plus the clock
 * skew (another instance's clock may run that far behind). It only records: there is
 * nothing to read, evict or clear, and a store failure propagates (the proof is refused).
 *
 * @author authcache authors
 */
final class RecordedProofIds implements Cache {

	private static final String NAMESPACE = "DPoP proof signed by ";

	private final OneTimeTokens proofIds;

	private final Clock clock;

	private final Duration clockSkew;

	RecordedProofIds(OneTimeTokens proofIds, Clock clock, Duration clockSkew) {
		this.proofIds = proofIds;
		this.clock = clock;
		this.clockSkew = clockSkew;
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		DPoPProofReplayValidator.CacheValue proof = (DPoPProofReplayValidator.CacheValue) value;
		boolean first = this.proofIds.firstUse(NAMESPACE + proof.getJwkThumbprint(), (String) key,
				proof.getExpiresAt().plus(this.clockSkew), this.clock.instant());
		return first ? null : new SimpleValueWrapper(proof);
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		putIfAbsent(key, value);
	}

	@Override
	public String getName() {
		return "authcache DPoP proof ids";
	}

	@Override
	public Object getNativeCache() {
		return this.proofIds;
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		return null;
	}

	@Override
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		return null;
	}

	@Override
	public <T> T get(Object key, Callable<T> valueLoader) {
		throw new UnsupportedOperationException("DPoP proof ids are recorded, never loaded");
	}

	@Override
	public void evict(Object key) {
		throw new UnsupportedOperationException("A recorded DPoP proof id lives until the proof expires");
	}

	@Override
	public void clear() {
		throw new UnsupportedOperationException("A recorded DPoP proof id lives until the proof expires");
	}

}
