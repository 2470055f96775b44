/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the calls of one kind to one Redis showed: when the latest-starting call that
 * completed started, when the latest-starting call that failed against Redis started, and
 * how many completed. Times are {@link System#nanoTime()} values.
 *
 * @author authcache authors
 */
final class CallRecord {

	private final AtomicLong lastCompletedStart;

	private final AtomicLong lastFailedStart;

	private final AtomicLong completions = new AtomicLong();

	CallRecord() {
		long now = System.nanoTime();
		this.lastCompletedStart = new AtomicLong(now - TimeUnit.DAYS.toNanos(1));
		this.lastFailedStart = new AtomicLong(now - TimeUnit.DAYS.toNanos(2));
	}

	/**
	 * Return how many calls completed.
	 * @return the number of completed calls
	 */
	long completions() {
		return this.completions.get();
	}

	/**
	 * Record a call that completed.
	 * @param start when it started
	 * @return how many calls had completed before it
	 */
	long completed(long start) {
		latest(this.lastCompletedStart, start);
		return this.completions.getAndIncrement();
	}

	/**
	 * Record a call whose failure counts against Redis.
	 * @param start when it started
	 */
	void failed(long start) {
		latest(this.lastFailedStart, start);
	}

	/**
	 * Whether a call that started after the given time has completed.
	 * @param start when a call started
	 * @return whether a later call completed
	 */
	boolean completedSince(long start) {
		return this.lastCompletedStart.get() - start > 0;
	}

	/**
	 * Whether Redis has not answered since its latest failure: no call that started after
	 * the latest-starting failed call has completed.
	 * @return whether Redis is not answering
	 */
	boolean unanswered() {
		return this.lastFailedStart.get() - this.lastCompletedStart.get() > 0;
	}

	private static void latest(AtomicLong last, long start) {
		last.accumulateAndGet(start, (current, candidate) -> (candidate - current > 0) ? candidate : current);
	}

}
