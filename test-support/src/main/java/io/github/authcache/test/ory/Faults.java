/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Run-time fault injection shared by all endpoints of a stub: latency, a forced status,
 * or hanging until reset.
 *
 * @author authcache authors
 */
final class Faults {

	private volatile long minLatencyMillis;

	private volatile long maxLatencyMillis;

	private volatile @Nullable StubResponseFactory failure;

	private volatile @Nullable CountDownLatch hang;

	void latency(Duration min, Duration max) {
		if (max.compareTo(min) < 0 || min.isNegative()) {
			throw new IllegalArgumentException("Invalid latency range " + min + ".." + max);
		}
		this.minLatencyMillis = min.toMillis();
		this.maxLatencyMillis = max.toMillis();
	}

	void failWith(StubResponseFactory failure) {
		this.failure = failure;
	}

	synchronized void hang() {
		if (this.hang == null) {
			this.hang = new CountDownLatch(1);
		}
	}

	synchronized void reset() {
		this.minLatencyMillis = 0;
		this.maxLatencyMillis = 0;
		this.failure = null;
		CountDownLatch latch = this.hang;
		this.hang = null;
		if (latch != null) {
			latch.countDown();
		}
	}

	/**
	 * Apply latency and hanging, then return the injected failure, if any.
	 * @return the failure response or {@code null} to answer normally
	 */
	@Nullable StubResponse apply() throws InterruptedException {
		long min = this.minLatencyMillis;
		long max = this.maxLatencyMillis;
		if (max > 0) {
			Thread.sleep((max > min) ? ThreadLocalRandom.current().nextLong(min, max + 1) : max);
		}
		CountDownLatch latch = this.hang;
		if (latch != null) {
			latch.await();
		}
		StubResponseFactory current = this.failure;
		return (current != null) ? current.create() : null;
	}

	/**
	 * Creates a fresh failure response per request.
	 */
	@FunctionalInterface
	interface StubResponseFactory {

		StubResponse create();

	}

}
