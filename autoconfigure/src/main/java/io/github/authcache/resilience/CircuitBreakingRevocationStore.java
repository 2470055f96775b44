/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.RevocationStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link RevocationStore} decorator that calls its delegate through a circuit breaker.
 * While the circuit is open, reads fail at once with a {@link CacheStoreException} (a
 * cached entry is then not used, and a fresh upstream answer is checked against the marks
 * this process knows), and writes fail at once too, so a revocation fails loudly rather
 * than after a timeout. A revocation's mark is not even tried while the store's Redis has
 * not answered since a call failed against it ({@link #writeIfAnswering}).
 *
 * @author authcache authors
 * @since 0.1.0
 * @see CircuitBreakingAuthCacheStore
 */
public final class CircuitBreakingRevocationStore implements RevocationStore {

	private final RevocationStore delegate;

	private final StoreCircuit circuit;

	private volatile BypassListener bypassListener = BypassListener.NONE;

	/**
	 * Create a decorator.
	 * @param delegate the store to call
	 * @param circuitBreaker the circuit breaker to call it through
	 */
	public CircuitBreakingRevocationStore(RevocationStore delegate, CircuitBreaker circuitBreaker) {
		this(delegate, new StoreCircuit(circuitBreaker));
	}

	CircuitBreakingRevocationStore(RevocationStore delegate, StoreCircuit circuit) {
		Assert.notNull(delegate, "'delegate' must not be null");
		this.delegate = delegate;
		this.circuit = circuit;
	}

	/**
	 * Set the listener told of each read of marks that bypassed the store. Defaults to
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
	public void write(String key, String value, Duration ttl) {
		this.circuit.write("SET of a revocation mark", () -> {
			this.delegate.write(key, value, ttl);
			return null;
		});
	}

	/**
	 * Write a mark through this store's breaker unless its Redis failed a call and has
	 * not answered since (or the circuit is open): the mark then fails at once.
	 */
	@Override
	public void writeIfAnswering(String key, String value, Duration ttl) {
		this.circuit.writeIfAnswering("SET of a revocation mark", () -> {
			this.delegate.write(key, value, ttl);
			return null;
		});
	}

	@Override
	public boolean writeIfAbsent(String key, String value, Duration ttl) {
		return Boolean.TRUE
			.equals(this.circuit.write("SET NX of a one-time id", () -> this.delegate.writeIfAbsent(key, value, ttl)));
	}

	@Override
	public List<@Nullable String> read(List<String> keys) {
		List<@Nullable String> values = this.circuit.read("MGET of revocation marks", () -> this.delegate.read(keys),
				this.bypassListener);
		return (values != null) ? values : new ArrayList<>();
	}

	/**
	 * Read marks while another read runs, through this store's breaker: when the circuit
	 * is open, {@code meanwhile} does not run either. The call's duration, which the
	 * breaker judges, includes {@code meanwhile}'s.
	 */
	@Override
	public List<@Nullable String> readAlongside(List<String> keys, Runnable meanwhile) {
		List<@Nullable String> values = this.circuit.read("MGET of revocation marks",
				() -> this.delegate.readAlongside(keys, meanwhile), this.bypassListener);
		return (values != null) ? values : new ArrayList<>();
	}

}
