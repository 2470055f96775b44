/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.util.function.Supplier;

import io.github.authcache.cache.CacheStoreException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Runs store calls through a circuit breaker: a call the breaker does not permit fails at
 * once with a {@link CacheStoreException}, as a store that cannot be reached does, so
 * callers need no new error handling. Shared by the store decorators.
 *
 * @author authcache authors
 */
final class StoreCircuit {

	private final CircuitBreaker circuitBreaker;

	private volatile BypassListener bypassListener = BypassListener.NONE;

	StoreCircuit(CircuitBreaker circuitBreaker) {
		Assert.notNull(circuitBreaker, "'circuitBreaker' must not be null");
		this.circuitBreaker = circuitBreaker;
	}

	CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	void setBypassListener(BypassListener bypassListener) {
		Assert.notNull(bypassListener, "'bypassListener' must not be null");
		this.bypassListener = bypassListener;
	}

	/**
	 * Run a call that only changes the store.
	 * @param <T> the type of the call's result
	 * @param operation the name of the operation, for logs
	 * @param call the call
	 * @return the call's result, or {@code null} when it could not be made
	 */
	<T> @Nullable T write(String operation, Supplier<@Nullable T> call) {
		return run(operation, call, false);
	}

	/**
	 * Run a call whose answer a lookup needs: when it cannot be made, the lookup bypasses
	 * the store, and the listener is told.
	 * @param <T> the type of the call's result
	 * @param operation the name of the operation, for logs
	 * @param call the call
	 * @return the call's result, or {@code null} when it could not be made
	 */
	<T> @Nullable T read(String operation, Supplier<@Nullable T> call) {
		return run(operation, call, true);
	}

	private <T> @Nullable T run(String operation, Supplier<@Nullable T> call, boolean read) {
		try {
			return this.circuitBreaker.executeSupplier(call);
		}
		catch (CallNotPermittedException ex) {
			if (read) {
				this.bypassListener.bypassed(BypassReason.CIRCUIT_OPEN);
			}
			throw new CacheStoreException(operation + " not attempted: the circuit of '" + this.circuitBreaker.getName()
					+ "' is " + this.circuitBreaker.getState(), ex);
		}
		catch (RuntimeException ex) {
			if (read) {
				this.bypassListener.bypassed(BypassReason.STORE_FAILED);
			}
			throw ex;
		}
	}

}
