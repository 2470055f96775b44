/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.authcache.invalidation.AuthCacheInvalidator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.TriggerContext;

/**
 * Writes the revocation marks Redis did not take
 * ({@link AuthCacheInvalidator#writePending()}) on a {@link TaskScheduler}, as often as
 * the pending marks ask ({@link AuthCacheInvalidator#pendingRetryDelay()}: often while
 * none wait, backing off while Redis keeps failing).
 * <p>
 * When the application stops (after the web server, before the Redis connection factory)
 * it keeps writing them, at the same pace, for up to {@link #SHUTDOWN_WAIT}, so that a
 * revocation made while Redis was briefly unreachable outlives this instance. Marks still
 * left then are lost with it, and one warning says how many: the credentials they revoked
 * may be accepted again, by other instances and after a restart, until those marks would
 * have expired.
 *
 * @author authcache authors
 */
class PendingRevocationWriter extends BackgroundTask {

	private static final Log logger = LogFactory.getLog(PendingRevocationWriter.class);

	/**
	 * How long the shutdown waits at most for Redis to take the pending marks (plus one
	 * Redis timeout when it hangs).
	 */
	static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

	private final AuthCacheInvalidator invalidator;

	PendingRevocationWriter(AuthCacheInvalidator invalidator, TaskScheduler scheduler) {
		super(scheduler);
		this.invalidator = invalidator;
	}

	@Override
	@Nullable ScheduledFuture<?> schedule(TaskScheduler scheduler) {
		return scheduler.schedule(this::write, this::nextExecution);
	}

	private Instant nextExecution(TriggerContext context) {
		Instant last = context.lastCompletion();
		return ((last != null) ? last : context.getClock().instant()).plus(this.invalidator.pendingRetryDelay());
	}

	private synchronized void write() {
		writePending();
	}

	/**
	 * Write the pending marks.
	 * @return whether marks still wait for Redis
	 */
	private boolean writePending() {
		try {
			return this.invalidator.writePending();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not write pending revocation marks", ex);
			return true;
		}
	}

	@Override
	public void stop() {
		super.stop();
		writeBeforeShutdown();
	}

	private synchronized void writeBeforeShutdown() {
		long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
		while (writePending()) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0 || !sleep(Math.min(this.invalidator.pendingRetryDelay().toNanos(), remaining))) {
				logLost(this.invalidator.pendingCount());
				return;
			}
		}
	}

	private static boolean sleep(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void logLost(int count) {
		logger.warn("Revocation marks lost at shutdown: " + count + " (Redis did not take them within "
				+ SHUTDOWN_WAIT.toSeconds() + " s); the credentials they revoked (sessions, tokens, JWT ids, users)"
				+ " may be accepted again by other instances and after a restart, until those marks would have"
				+ " expired (the cache TTL, or a JWT's expiry)");
	}

}
