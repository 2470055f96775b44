/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.EntryRead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link AuthCacheStore} decorator that calls its delegate through a circuit breaker.
 * While the circuit is open every call fails at once with a {@link CacheStoreException},
 * which the {@link io.github.authcache.cache.CredentialCache} treats as a miss: the
 * lookup goes to the upstream without paying a Redis timeout. After the wait in the open
 * state a few calls probe the store (half-open) and close the circuit again when they
 * succeed, so caching resumes by itself. Writes go through a breaker of their own when
 * the store has one ({@link StoreCircuitBreakers}): a Redis that answers reads but takes
 * no writes then stops costing each miss a write timeout, and hits are still read.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see CircuitBreakingRevocationStore
 */
public final class CircuitBreakingAuthCacheStore implements AuthCacheStore {

	private final AuthCacheStore delegate;

	private final StoreCircuit circuit;

	private volatile BypassListener bypassListener = BypassListener.NONE;

	/**
	 * Create a decorator.
	 * @param delegate the store to call
	 * @param circuitBreaker the circuit breaker to call it through
	 */
	public CircuitBreakingAuthCacheStore(AuthCacheStore delegate, CircuitBreaker circuitBreaker) {
		this(delegate, new StoreCircuit(circuitBreaker));
	}

	CircuitBreakingAuthCacheStore(AuthCacheStore delegate, StoreCircuit circuit) {
		Assert.notNull(delegate, "'delegate' must not be null");
		this.delegate = delegate;
		this.circuit = circuit;
	}

	/**
	 * Set the listener told of each read of an entry that bypassed the store. Defaults to
	 * {@link BypassListener#NONE}.
	 * @param bypassListener the listener
	 */
	public void setBypassListener(BypassListener bypassListener) {
		Assert.notNull(bypassListener, "'bypassListener' must not be null");
		this.bypassListener = bypassListener;
	}

	/**
	 * Return the circuit breaker the store is read through.
	 * @return the circuit breaker
	 */
	public CircuitBreaker getCircuitBreaker() {
		return this.circuit.circuitBreaker();
	}

	/**
	 * Return the circuit breaker the store is written through (the same as
	 * {@link #getCircuitBreaker()} unless created with one of its own).
	 * @return the circuit breaker
	 */
	public CircuitBreaker getWriteCircuitBreaker() {
		return this.circuit.writeCircuitBreaker();
	}

	@Override
	public @Nullable Object server() {
		return this.delegate.server();
	}

	@Override
	public byte @Nullable [] get(String key) {
		return this.circuit.read("GET", () -> this.delegate.get(key), this.bypassListener);
	}

	@Override
	public EntryRead getWithMarks(String key, List<String> markKeys) {
		EntryRead read = this.circuit.read("read of an entry and its revocation marks",
				() -> this.delegate.getWithMarks(key, markKeys), this.bypassListener);
		return (read != null) ? read : EntryRead.valueOnly(null);
	}

	@Override
	public void put(String key, String value, Duration ttl) {
		this.circuit.write("SET", () -> {
			this.delegate.put(key, value, ttl);
			return null;
		});
	}

	@Override
	public void tag(String tagKey, String entryKey, Duration ttl) {
		this.circuit.write("SADD", () -> {
			this.delegate.tag(tagKey, entryKey, ttl);
			return null;
		});
	}

	@Override
	public Set<String> members(String tagKey) {
		Set<String> members = this.circuit.call("SMEMBERS", () -> this.delegate.members(tagKey));
		return (members != null) ? members : Set.of();
	}

	@Override
	public void delete(Collection<String> keys) {
		this.circuit.write("DEL", () -> {
			this.delegate.delete(keys);
			return null;
		});
	}

}
