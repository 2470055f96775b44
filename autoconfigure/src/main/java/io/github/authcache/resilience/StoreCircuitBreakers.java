/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.RevocationStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.springframework.util.Assert;

/**
 * The circuit breakers of the two stores: one for the cache entries and one for the
 * revocation marks, or a single one for both when both live in the same Redis (a breaker
 * guards a server, so one failing call is enough evidence for both stores). Each logs one
 * warning per state change.
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

	private final CircuitBreaker cache;

	private final CircuitBreaker revocation;

	/**
	 * Create the circuit breakers.
	 * @param config the settings of each breaker
	 * @param shared whether both stores use one Redis and so share one breaker
	 */
	public StoreCircuitBreakers(CircuitBreakerConfig config, boolean shared) {
		Assert.notNull(config, "'config' must not be null");
		this.cache = CircuitBreaker.of(CACHE, config);
		CircuitStateLogger.logStateChanges(this.cache);
		if (shared) {
			this.revocation = this.cache;
		}
		else {
			this.revocation = CircuitBreaker.of(REVOCATION, config);
			CircuitStateLogger.logStateChanges(this.revocation);
		}
	}

	/**
	 * Return the breaker of the cache store.
	 * @return the breaker
	 */
	public CircuitBreaker cache() {
		return this.cache;
	}

	/**
	 * Return the breaker of the revocation store (the cache store's when shared).
	 * @return the breaker
	 */
	public CircuitBreaker revocation() {
		return this.revocation;
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
