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
 * ({@link AuthCacheInvalidator#writePending()}) on a {@link TaskScheduler}, as often as
 * the pending marks ask ({@link AuthCacheInvalidator#pendingRetryDelay()}: often while
 * none wait, backing off while Redis keeps failing). When the application stops it makes
 * one last attempt, which stops at the first failure, and logs a warning if marks are
 * left: they held on this instance only.
 *
 * @author authcache authors
 */
class PendingRevocationWriter extends BackgroundTask {

	private static final Log logger = LogFactory.getLog(PendingRevocationWriter.class);

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
		try {
			this.invalidator.writePending();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not write pending revocation marks", ex);
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
