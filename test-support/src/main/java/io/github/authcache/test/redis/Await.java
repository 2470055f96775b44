/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Bounded polling: re-evaluates a condition until it yields a value or the timeout
 * passes.
 *
 * @author authcache authors
 */
final class Await {

	private Await() {
	}

	static void until(String description, Duration timeout, Condition condition) {
		value(description, timeout, () -> condition.test() ? Boolean.TRUE : null);
	}

	static <T> T value(String description, Duration timeout, Supplier<@Nullable T> supplier) {
		long deadline = System.nanoTime() + timeout.toNanos();
		RuntimeException last = null;
		while (true) {
			try {
				T value = supplier.get();
				if (value != null) {
					return value;
				}
			}
			catch (RuntimeException ex) {
				last = ex;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting for " + description
						+ ((last != null) ? " (last error: " + last + ")" : ""), last);
			}
			RedisServer.sleep(50);
		}
	}

	/**
	 * A condition that may throw while the servers are still converging.
	 */
	@FunctionalInterface
	interface Condition {

		boolean test();

	}

}
