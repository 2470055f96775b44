/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a subscriber is known to have applied every message published up to a short
 * while ago. The subscriber sends {@code PING}s carrying their send time on its
 * subscription connection; Redis answers them after every message it delivered earlier,
 * and the subscriber's thread handles the answer after it applied those messages. So the
 * answer to a ping sent at {@code s} proves every message published before {@code s} was
 * applied, and the lease holds while the latest such {@code s} is less than the lease's
 * duration ago.
 * <p>
 * With the duration no longer than the broadcaster's acknowledgement deadline, an
 * instance that did not acknowledge an invalidation before its sender's call returned no
 * longer holds the lease when that call returns: it has not seen an answer to a ping sent
 * after the invalidation was published.
 *
 * @author authcache authors
 * @see "docs/design/near-cache-acks.md"
 */
final class CatchUpLease {

	private final long durationNanos;

	private final AtomicLong fencedNanos = new AtomicLong();

	private volatile long caughtUpAt;

	private volatile boolean held;

	private long lapseCountedTo;

	CatchUpLease(Duration duration) {
		this.durationNanos = duration.toNanos();
	}

	/**
	 * Record the answer to a ping; called on the subscriber's thread only.
	 * @param sentNanos when the ping was sent ({@link System#nanoTime()})
	 */
	void answered(long sentNanos) {
		long now = System.nanoTime();
		if (this.held) {
			long lapsedFrom = this.caughtUpAt + this.durationNanos;
			if (this.lapseCountedTo - lapsedFrom > 0) {
				lapsedFrom = this.lapseCountedTo;
			}
			if (now - lapsedFrom > 0) {
				this.fencedNanos.addAndGet(now - lapsedFrom);
			}
		}
		this.lapseCountedTo = now;
		if (!this.held || sentNanos - this.caughtUpAt > 0) {
			this.caughtUpAt = sentNanos;
		}
		this.held = true;
	}

	/**
	 * Give the lease up until the next answer: the connection is gone.
	 */
	void release() {
		this.held = false;
	}

	boolean isHeld() {
		return this.held && System.nanoTime() - this.caughtUpAt < this.durationNanos;
	}

	/**
	 * Return how long the lease lapsed while the connection was up, because answers came
	 * late.
	 * @return the time without the lease
	 */
	Duration lapsed() {
		return Duration.ofNanos(this.fencedNanos.get());
	}

	/**
	 * Return how often to ping to keep the lease while answers are prompt.
	 * @return the ping interval
	 */
	Duration renewalInterval() {
		return Duration.ofNanos(Math.max(this.durationNanos / 4, 1_000_000));
	}

}
