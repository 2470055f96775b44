/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * Writes are judged apart from reads: a read that completed says nothing about writes (a
 * Redis that pauses its writes, as {@code CLIENT PAUSE WRITE} and {@code FAILOVER} do,
 * answers reads meanwhile), so a write's timeout counts unless a <em>write</em> that
 * started after it completed, and its outcome is recorded in a breaker of its own when
 * there is one. There should be: in a breaker shared with reads, each miss records two
 * successful reads for its one failed write and each hit a successful read, so a write
 * stall would never reach the failure rate, and opening that breaker would send every hit
 * to the upstream although reads work. While the reads' breaker is open, a write is not
 * attempted either (a Redis that does not answer reads does not answer writes), except as
 * the probe the reads' breaker lets through once its wait is over, whose outcome it
 * records: with no reads under way (a shutdown writing pending revocation marks), a write
 * is what finds out that Redis is back.
 * <p>
 * A write its caller can do without ({@link #writeIfAnswering}: a revocation mark that
 * can wait in the pending queue, a failure counter) is not attempted while Redis has not
 * answered since its latest failure, so that one request never pays a second timeout for
 * a Redis that just failed it, before the breaker has seen enough calls to open.
 * <p>
 * A call that is not attempted fails at once with a {@link CacheStoreException}
 * ({@link StoreFailure#CIRCUIT_OPEN}), as a store that cannot be reached does, so callers
 * need no new error handling. One instance per Redis, shared by every caller of it, so
 * that any call's completion is evidence for all of them.
 *
 * @author authcache authors
 */
final class StoreCircuit implements StoreGuard {

	private final CircuitBreaker reads;

	private final CircuitBreaker writes;

	/**
	 * Every call: a completed write is evidence that Redis answers reads too.
	 */
	private final CallRecord calls = new CallRecord();

	/**
	 * The writes only.
	 */
	private final CallRecord writeCalls = new CallRecord();

	/**
	 * The latest failure that counted against Redis, the cause of the writes not
	 * attempted while Redis has not answered since.
	 */
	private final AtomicReference<RuntimeException> lastFailure = new AtomicReference<>(
			new IllegalStateException("No call failed"));

	StoreCircuit(CircuitBreaker circuitBreaker) {
		this(circuitBreaker, circuitBreaker);
	}

	StoreCircuit(CircuitBreaker reads, CircuitBreaker writes) {
		Assert.notNull(reads, "'reads' must not be null");
		Assert.notNull(writes, "'writes' must not be null");
		this.reads = reads;
		this.writes = writes;
	}

	/**
	 * Return the breaker of the reads (and of the writes when they share it).
	 * @return the breaker
	 */
	CircuitBreaker circuitBreaker() {
		return this.reads;
	}

	/**
	 * Return the breaker of the writes.
	 * @return the breaker
	 */
	CircuitBreaker writeCircuitBreaker() {
		return this.writes;
	}

	/**
	 * Run a call that is judged as a read (any call that completed is evidence for it)
	 * and tried once.
	 * @param <T> the type of the call's result
	 * @param operation the name of the operation, for logs
	 * @param call the call
	 * @return the call's result
	 */
	@Override
	public <T> @Nullable T call(String operation, Supplier<@Nullable T> call) {
		return run(Kind.READ, operation, call, BypassListener.NONE, false);
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
		return run(Kind.READ, operation, call, bypassListener, true);
	}

	/**
	 * Run a write, through the writes' breaker.
	 * @param <T> the type of the call's result
	 * @param operation the name of the operation, for logs
	 * @param call the call
	 * @return the call's result
	 */
	<T> @Nullable T write(String operation, Supplier<@Nullable T> call) {
		return run(Kind.WRITE, operation, call, BypassListener.NONE, false);
	}

	/**
	 * Run a write the caller can do without: not attempted while Redis has not answered
	 * since its latest failure (no call that started after the latest-starting failed
	 * read, and no write that started after the latest-starting failed write, has
	 * completed).
	 */
	@Override
	public <T> @Nullable T writeIfAnswering(String operation, Supplier<@Nullable T> call) {
		if (this.calls.unanswered() || this.writeCalls.unanswered()) {
			throw notAttempted(operation, "Redis has not answered since its last failure", this.lastFailure.get());
		}
		return write(operation, call);
	}

	private <T> @Nullable T run(Kind kind, String operation, Supplier<@Nullable T> call, BypassListener bypassListener,
			boolean retryLocalTimeout) {
		CircuitBreaker breaker = (kind == Kind.WRITE) ? this.writes : this.reads;
		CircuitBreaker probed = (breaker != this.reads && isOpen(this.reads)) ? this.reads : null;
		if (probed != null && !probed.tryAcquirePermission()) {
			throw circuitOpen(operation, probed, bypassListener);
		}
		if (!breaker.tryAcquirePermission()) {
			if (probed != null) {
				probed.releasePermission();
			}
			throw circuitOpen(operation, breaker, bypassListener);
		}
		CallRecord record = (kind == Kind.WRITE) ? this.writeCalls : this.calls;
		long completedBefore = record.completions();
		long start = System.nanoTime();
		T result;
		try {
			result = call.get();
		}
		catch (RuntimeException ex) {
			StoreFailure failure = failureOf(ex);
			boolean local = failure == StoreFailure.BUSY
					|| (failure == StoreFailure.TIMEOUT && record.completedSince(start));
			if (local) {
				breaker.releasePermission();
				if (probed != null) {
					probed.releasePermission();
				}
			}
			else {
				long duration = System.nanoTime() - start;
				breaker.onError(duration, TimeUnit.NANOSECONDS, ex);
				if (probed != null) {
					probed.onError(duration, TimeUnit.NANOSECONDS, ex);
				}
				record.failed(start);
				this.lastFailure.set(ex);
			}
			if (retryLocalTimeout && local && failure == StoreFailure.TIMEOUT) {
				return run(kind, operation, call, bypassListener, false);
			}
			bypassListener
				.bypassed((failure == StoreFailure.BUSY) ? BypassReason.STORE_BUSY : BypassReason.STORE_FAILED);
			throw ex;
		}
		long end = System.nanoTime();
		boolean othersCompleted = record.completed(start) != completedBefore;
		if (kind == Kind.WRITE) {
			this.calls.completed(start);
		}
		breaker.onSuccess(othersCompleted ? 0 : end - start, TimeUnit.NANOSECONDS);
		if (probed != null) {
			probed.onSuccess(end - start, TimeUnit.NANOSECONDS);
		}
		return result;
	}

	private static CacheStoreException circuitOpen(String operation, CircuitBreaker open,
			BypassListener bypassListener) {
		bypassListener.bypassed(BypassReason.CIRCUIT_OPEN);
		return notAttempted(operation, "the circuit of '" + open.getName() + "' is " + open.getState(),
				CallNotPermittedException.createCallNotPermittedException(open));
	}

	private static boolean isOpen(CircuitBreaker breaker) {
		return breaker.getState() == CircuitBreaker.State.OPEN
				|| breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
	}

	private static CacheStoreException notAttempted(String operation, String reason, Throwable cause) {
		return new CacheStoreException(operation + " not attempted: " + reason, StoreFailure.CIRCUIT_OPEN, cause);
	}

	private static StoreFailure failureOf(RuntimeException ex) {
		return (ex instanceof CacheStoreException storeException) ? storeException.getFailure()
				: StoreFailure.UNAVAILABLE;
	}

	private enum Kind {

		READ, WRITE

	}

}
