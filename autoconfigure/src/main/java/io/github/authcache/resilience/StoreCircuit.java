/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.StoreFailure;
import io.github.authcache.cache.StoreGuard;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Runs the calls to one Redis through its circuit breaker and decides what each call
 * tells the breaker. Only evidence that Redis is unhealthy counts against it:
 * <ul>
 * <li>{@link StoreFailure#UNAVAILABLE} (connection refused or reset, connect timeout,
 * error reply) counts as a failure.</li>
 * <li>{@link StoreFailure#TIMEOUT} counts as a failure only when no call to the same
 * Redis that started after this one has completed. If one did, Redis was answering and
 * the time went elsewhere (this process short of CPU, a GC pause, a burst queued on the
 * client side), so the call is not recorded at all. A call that started earlier and
 * completed meanwhile is no such evidence: Redis may have hung right after answering it
 * (otherwise, at the start of a hang, reads would be tried twice and cost two
 * timeouts).</li>
 * <li>{@link StoreFailure#BUSY} (no pooled connection free within the pool's wait) is
 * back-pressure from this process and is never recorded.</li>
 * <li>A read that timed out while others completed is tried once more before the lookup
 * gives up on the store: Redis is answering, and the upstream is the most expensive place
 * for the lookup to go.</li>
 * <li>A successful call is a success. It counts as slow (for the slow-call rate) only
 * when it took longer than the threshold <em>and</em> no other call to the same Redis
 * completed while it ran: Redis answered meanwhile, so the time went to waiting for this
 * process (a pooled connection, CPU), not for Redis. Whether the others started before or
 * after it does not matter here: a pool that hands its connections out in the order they
 * were asked for never lets a later call overtake, and every call of a burst would then
 * count its wait for a connection as slowness of Redis.</li>
 * </ul>
 * A call the breaker does not permit fails at once with a {@link CacheStoreException}
 * ({@link StoreFailure#CIRCUIT_OPEN}), as a store that cannot be reached does, so callers
 * need no new error handling. One instance per breaker, shared by every caller of the
 * Redis behind it, so that any call's completion is evidence for all of them.
 *
 * @author authcache authors
 */
final class StoreCircuit implements StoreGuard {

	private final CircuitBreaker circuitBreaker;

	/**
	 * {@link System#nanoTime()} at which the latest-starting successful call started.
	 */
	private final AtomicLong lastCompletedStart = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));

	/**
	 * How many calls succeeded.
	 */
	private final AtomicLong completions = new AtomicLong();

	StoreCircuit(CircuitBreaker circuitBreaker) {
		Assert.notNull(circuitBreaker, "'circuitBreaker' must not be null");
		this.circuitBreaker = circuitBreaker;
	}

	CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	@Override
	public <T> @Nullable T call(String operation, Supplier<@Nullable T> call) {
		return run(operation, call, BypassListener.NONE, false);
	}

	/**
	 * Run a call whose answer a lookup needs: when it cannot be made, the lookup bypasses
	 * the store (so goes to the upstream), and the listener is told. A read that timed
	 * out while other calls to the same Redis completed is tried once more: Redis is
	 * answering, and the upstream is the most expensive place for the lookup to go.
	 * @param <T> the type of the call's result
	 * @param operation the name of the operation, for logs
	 * @param call the call
	 * @param bypassListener the listener told when the lookup bypasses the store
	 * @return the call's result
	 */
	<T> @Nullable T read(String operation, Supplier<@Nullable T> call, BypassListener bypassListener) {
		return run(operation, call, bypassListener, true);
	}

	private <T> @Nullable T run(String operation, Supplier<@Nullable T> call, BypassListener bypassListener,
			boolean retryLocalTimeout) {
		if (!this.circuitBreaker.tryAcquirePermission()) {
			bypassListener.bypassed(BypassReason.CIRCUIT_OPEN);
			throw new CacheStoreException(
					operation + " not attempted: the circuit of '" + this.circuitBreaker.getName() + "' is "
							+ this.circuitBreaker.getState(),
					StoreFailure.CIRCUIT_OPEN,
					CallNotPermittedException.createCallNotPermittedException(this.circuitBreaker));
		}
		long completedBefore = this.completions.get();
		long start = System.nanoTime();
		T result;
		try {
			result = call.get();
		}
		catch (RuntimeException ex) {
			StoreFailure failure = failureOf(ex);
			boolean local = failure == StoreFailure.BUSY || (failure == StoreFailure.TIMEOUT && overtaken(start));
			if (local) {
				this.circuitBreaker.releasePermission();
			}
			else {
				this.circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			}
			if (retryLocalTimeout && local && failure == StoreFailure.TIMEOUT) {
				return run(operation, call, bypassListener, false);
			}
			bypassListener
				.bypassed((failure == StoreFailure.BUSY) ? BypassReason.STORE_BUSY : BypassReason.STORE_FAILED);
			throw ex;
		}
		long end = System.nanoTime();
		boolean othersCompleted = this.completions.getAndIncrement() != completedBefore;
		long duration = othersCompleted ? 0 : end - start;
		this.lastCompletedStart.accumulateAndGet(start, (last, now) -> (now - last > 0) ? now : last);
		this.circuitBreaker.onSuccess(duration, TimeUnit.NANOSECONDS);
		return result;
	}

	private static StoreFailure failureOf(RuntimeException ex) {
		return (ex instanceof CacheStoreException storeException) ? storeException.getFailure()
				: StoreFailure.UNAVAILABLE;
	}

	/**
	 * Whether a call to the same Redis that started after a call has completed.
	 * @param start when the call started ({@link System#nanoTime()})
	 * @return whether a later call completed
	 */
	private boolean overtaken(long start) {
		return this.lastCompletedStart.get() - start > 0;
	}

}
