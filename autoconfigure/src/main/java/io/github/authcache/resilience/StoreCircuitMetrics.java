/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.util.Assert;

/**
 * Micrometer meters of the store circuits: {@code authcache.store.bypassed}, a counter
 * tagged {@code store} ({@code cache}, {@code revocation}) and {@code reason}
 * ({@code circuit_open}, {@code store_failed}, {@code store_busy}): reads that lookups
 * needed and made without the store, so they were answered by the upstream (or, for
 * revocation marks, by the marks this process knows). The state and call counts of the
 * breakers themselves are Resilience4j's own meters
 * ({@code resilience4j.circuitbreaker.*}, tagged {@code name}), bound by the
 * auto-configuration.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class StoreCircuitMetrics {

	/**
	 * Name of the bypass counter.
	 */
	public static final String BYPASSED = "authcache.store.bypassed";

	private final BypassListener cache;

	private final BypassListener revocation;

	/**
	 * Register the meters.
	 * @param registry the registry
	 */
	public StoreCircuitMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.cache = register(registry, "cache");
		this.revocation = register(registry, "revocation");
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

	private static BypassListener register(MeterRegistry registry, String store) {
		Map<BypassReason, Counter> counters = new EnumMap<>(BypassReason.class);
		for (BypassReason reason : BypassReason.values()) {
			counters.put(reason, Counter.builder(BYPASSED)
				.description(
						"Reads that lookups made without the store, which was failing, busy or behind an open circuit")
				.tag("store", store)
				.tag("reason", reason.tagValue())
				.register(registry));
		}
		return (reason) -> counters.get(reason).increment();
	}

}
