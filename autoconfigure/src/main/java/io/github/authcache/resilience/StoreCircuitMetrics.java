/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.util.Assert;

/**
 * Micrometer meters of the store circuits:
 * <ul>
 * <li>{@code authcache.circuit.state}, gauges tagged {@code store} ({@code cache},
 * {@code revocation}) and {@code state} ({@code closed}, {@code open},
 * {@code half_open}): 1 for the circuit's current state, 0 for the others.</li>
 * <li>{@code authcache.store.bypassed}, a counter tagged {@code store} and {@code reason}
 * ({@code circuit_open}, {@code store_failed}): reads that lookups needed and made
 * without the store, so they were answered by the upstream (or, for revocation marks, by
 * the marks this process knows).</li>
 * </ul>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class StoreCircuitMetrics {

	/**
	 * Name of the state gauges.
	 */
	public static final String STATE = "authcache.circuit.state";

	/**
	 * Name of the bypass counter.
	 */
	public static final String BYPASSED = "authcache.store.bypassed";

	private static final CircuitBreaker.State[] STATES = { CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN,
			CircuitBreaker.State.HALF_OPEN };

	private final BypassListener cache;

	private final BypassListener revocation;

	/**
	 * Register the meters.
	 * @param circuitBreakers the circuit breakers
	 * @param registry the registry
	 */
	public StoreCircuitMetrics(StoreCircuitBreakers circuitBreakers, MeterRegistry registry) {
		Assert.notNull(circuitBreakers, "'circuitBreakers' must not be null");
		Assert.notNull(registry, "'registry' must not be null");
		this.cache = register(registry, "cache", circuitBreakers.cache());
		this.revocation = register(registry, "revocation", circuitBreakers.revocation());
	}

	/**
	 * Return the listener that counts bypassed reads of cache entries.
	 * @return the listener
	 */
	public BypassListener cacheBypasses() {
		return this.cache;
	}

	/**
	 * Return the listener that counts bypassed reads of revocation marks.
	 * @return the listener
	 */
	public BypassListener revocationBypasses() {
		return this.revocation;
	}

	private static BypassListener register(MeterRegistry registry, String store, CircuitBreaker circuitBreaker) {
		for (CircuitBreaker.State state : STATES) {
			Gauge.builder(STATE, circuitBreaker, (breaker) -> (breaker.getState() == state) ? 1 : 0)
				.description("State of the circuit in front of an authcache store: 1 for the current state")
				.tag("store", store)
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
		Map<BypassReason, Counter> counters = new EnumMap<>(BypassReason.class);
		for (BypassReason reason : BypassReason.values()) {
			counters.put(reason, Counter.builder(BYPASSED)
				.description("Reads that lookups made without the store, which was failing or behind an open circuit")
				.tag("store", store)
				.tag("reason", reason.tagValue())
				.register(registry));
		}
		return (reason) -> counters.get(reason).increment();
	}

}
