/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.RevocationStore;
import io.github.authcache.cache.StoreGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.util.Assert;

/**
 * The circuit breakers of the two stores: one for the cache entries and one for the
 * revocation marks, or a single one for both when both live in the same Redis (a breaker
 * guards a server, so one failing call is enough evidence for both stores). Each has a
 * second breaker for its writes ({@value #WRITES_SUFFIX} after its name), which opens
 * when Redis stops taking writes while it still answers reads, without sending the hits
 * to the upstream (see {@link StoreCircuit}). Each logs one warning per state change. The
 * breakers live in a {@link CircuitBreakerRegistry} (the application's when it has one),
 * so they show in {@code /actuator/circuitbreakers} and Resilience4j's own metrics; a
 * breaker the registry already holds under the same name (configured by the application)
 * is used as it is.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class StoreCircuitBreakers {

	/**
	 * Name of the cache store's circuit, and of the circuit both stores share.
	 */
	public static final String CACHE = "authcache-cache";

	/**
	 * Name of the revocation store's circuit when it has one of its own.
	 */
	public static final String REVOCATION = "authcache-revocation";

	/**
	 * Suffix of the name of a circuit's breaker for writes.
	 */
	public static final String WRITES_SUFFIX = "-writes";

	private final CircuitBreakerRegistry registry;

	private final StoreCircuit cache;

	private final StoreCircuit revocation;

	/**
	 * Create the circuit breakers in a registry of their own.
	 * @param config the settings of each breaker
	 * @param shared whether both stores use one Redis and so share one breaker
	 */
	public StoreCircuitBreakers(CircuitBreakerConfig config, boolean shared) {
		this(CircuitBreakerRegistry.ofDefaults(), config, shared);
	}

	/**
	 * Create the circuit breakers in the given registry, or take them from it when it
	 * already holds breakers of these names.
	 * @param registry the registry
	 * @param config the settings of each breaker the registry does not hold yet
	 * @param shared whether both stores use one Redis and so share one breaker
	 */
	public StoreCircuitBreakers(CircuitBreakerRegistry registry, CircuitBreakerConfig config, boolean shared) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(config, "'config' must not be null");
		this.registry = registry;
		this.cache = circuit(registry, CACHE, config);
		this.revocation = shared ? this.cache : circuit(registry, REVOCATION, config);
	}

	private static StoreCircuit circuit(CircuitBreakerRegistry registry, String name, CircuitBreakerConfig config) {
		return new StoreCircuit(breaker(registry, name, config, "lookups go to the identity provider without it"),
				breaker(registry, name + WRITES_SUFFIX, config,
						"nothing is written to it (lookups are not cached, revocation marks wait as pending)"));
	}

	private static CircuitBreaker breaker(CircuitBreakerRegistry registry, String name, CircuitBreakerConfig config,
			String whileOpen) {
		CircuitBreaker breaker = registry.find(name).orElseGet(() -> registry.circuitBreaker(name, config));
		CircuitStateLogger.logStateChanges(breaker, whileOpen);
		return breaker;
	}

	/**
	 * Return the registry the breakers live in.
	 * @return the registry
	 */
	public CircuitBreakerRegistry registry() {
		return this.registry;
	}

	/**
	 * Return the breaker of the cache store.
	 * @return the breaker
	 */
	public CircuitBreaker cache() {
		return this.cache.circuitBreaker();
	}

	/**
	 * Return the breaker of the revocation store (the cache store's when shared).
	 * @return the breaker
	 */
	public CircuitBreaker revocation() {
		return this.revocation.circuitBreaker();
	}

	/**
	 * Return the breaker of the cache store's writes.
	 * @return the breaker
	 */
	public CircuitBreaker cacheWrites() {
		return this.cache.writeCircuitBreaker();
	}

	/**
	 * Return the breaker of the revocation store's writes (the cache store's when
	 * shared).
	 * @return the breaker
	 */
	public CircuitBreaker revocationWrites() {
		return this.revocation.writeCircuitBreaker();
	}

	/**
	 * Return the guard that runs other calls to the cache store's Redis (such as the
	 * failure limiter's) through the cache store's breaker.
	 * @return the guard
	 */
	public StoreGuard cacheGuard() {
		return this.cache;
	}

	/**
	 * Whether both stores share one breaker.
	 * @return whether the breaker is shared
	 */
	public boolean isShared() {
		return this.cache == this.revocation;
	}

	/**
	 * Decorate a cache store with its breaker.
	 * @param store the store
	 * @param bypassListener told of each entry read that bypassed the store
	 * @return the decorated store
	 */
	public CircuitBreakingAuthCacheStore decorate(AuthCacheStore store, BypassListener bypassListener) {
		CircuitBreakingAuthCacheStore decorated = new CircuitBreakingAuthCacheStore(store, this.cache);
		decorated.setBypassListener(bypassListener);
		return decorated;
	}

	/**
	 * Decorate a revocation store with its breaker.
	 * @param store the store
	 * @param bypassListener told of each mark read that bypassed the store
	 * @return the decorated store
	 */
	public CircuitBreakingRevocationStore decorate(RevocationStore store, BypassListener bypassListener) {
		CircuitBreakingRevocationStore decorated = new CircuitBreakingRevocationStore(store, this.revocation);
		decorated.setBypassListener(bypassListener);
		return decorated;
	}

}
