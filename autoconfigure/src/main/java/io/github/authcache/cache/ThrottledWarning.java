/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import org.apache.commons.logging.Log;

/**
 * A WARN logged at most once per interval, saying how often its cause happened since the
 * last one, so that whoever can cause it (a writer to Redis, a flood of revocations)
 * cannot flood the log. Thread-safe.
 *
 * @author authcache authors
 */
final class ThrottledWarning {

	private static final long INTERVAL_NANOS = 60_000_000_000L;

	private final Log logger;

	private final LongFunction<String> message;

	private final AtomicLong unreported = new AtomicLong();

	private final AtomicLong nextWarningAt = new AtomicLong(System.nanoTime());

	/**
	 * Create a warning.
	 * @param logger where it is logged
	 * @param message the message, given how often the cause happened since the last one
	 */
	ThrottledWarning(Log logger, LongFunction<String> message) {
		this.logger = logger;
		this.message = message;
	}

	/**
	 * Count one occurrence, and log the warning when none was logged for an interval.
	 */
	void occurred() {
		this.unreported.incrementAndGet();
		long now = System.nanoTime();
		long next = this.nextWarningAt.get();
		if (now - next >= 0 && this.nextWarningAt.compareAndSet(next, now + INTERVAL_NANOS)) {
			this.logger.warn(this.message.apply(this.unreported.getAndSet(0)));
		}
	}

}
