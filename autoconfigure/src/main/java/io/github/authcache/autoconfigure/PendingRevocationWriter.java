/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import io.github.authcache.invalidation.AuthCacheInvalidator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.TriggerContext;

/**
 * Writes the revocation marks Redis did not take
 * ({@link AuthCacheInvalidator#writePending()}) on a {@link TaskScheduler}: every
 * {@value #MIN_DELAY_MILLIS} ms while none wait, and with a delay that doubles up to
 * {@value #MAX_DELAY_MILLIS} ms while Redis keeps failing. When the application stops it
 * makes one last attempt, which stops at the first failure, and logs a warning if marks
 * are left: they held on this instance only.
 *
 * @author authcache authors
 */
class PendingRevocationWriter extends BackgroundTask {

	private static final Log logger = LogFactory.getLog(PendingRevocationWriter.class);

	static final long MIN_DELAY_MILLIS = 100;

	static final long MAX_DELAY_MILLIS = 2000;

	private final AuthCacheInvalidator invalidator;

	private volatile long delayMillis = MIN_DELAY_MILLIS;

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
		return ((last != null) ? last : context.getClock().instant()).plusMillis(this.delayMillis);
	}

	private synchronized void write() {
		try {
			boolean stillPending = this.invalidator.writePending();
			this.delayMillis = stillPending ? Math.min(this.delayMillis * 2, MAX_DELAY_MILLIS) : MIN_DELAY_MILLIS;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not write pending revocation marks", ex);
			this.delayMillis = MAX_DELAY_MILLIS;
		}
	}

	@Override
	public void stop() {
		super.stop();
		writeBeforeShutdown();
	}

	private synchronized void writeBeforeShutdown() {
		boolean stillPending;
		try {
			stillPending = this.invalidator.writePending();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not write pending revocation marks", ex);
			stillPending = true;
		}
		if (stillPending) {
			logger.warn("Revocation marks Redis did not take could not be written before shutdown: the revocations"
					+ " they carry held on this instance only and are lost with it");
		}
	}

}
