/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Counts the store calls that failed against Redis (a timeout or an error the breakers
 * recorded) on the thread that created it: the calls one request waited for in vain,
 * whatever background tasks do meanwhile. Breakers call their listeners on the calling
 * thread.
 *
 * @author authcache authors
 */
public final class StoreCallFailures {

	private final Thread thread = Thread.currentThread();

	private final AtomicInteger failures = new AtomicInteger();

	private StoreCallFailures() {
	}

	/**
	 * Start counting the failures every breaker of the stores records on this thread.
	 * @param circuitBreakers the breakers
	 * @return the count
	 */
	public static StoreCallFailures onThisThread(StoreCircuitBreakers circuitBreakers) {
		StoreCallFailures count = new StoreCallFailures();
		Map<CircuitBreaker, Boolean> breakers = new IdentityHashMap<>();
		breakers.put(circuitBreakers.cache(), true);
		breakers.put(circuitBreakers.cacheWrites(), true);
		breakers.put(circuitBreakers.revocation(), true);
		breakers.put(circuitBreakers.revocationWrites(), true);
		breakers.keySet().forEach((breaker) -> breaker.getEventPublisher().onError((event) -> {
			if (Thread.currentThread() == count.thread) {
				count.failures.incrementAndGet();
			}
		}));
		return count;
	}

	/**
	 * Return how many calls failed on the thread so far.
	 * @return the number of failed calls
	 */
	public int get() {
		return this.failures.get();
	}

}
