/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.authcache.invalidation.AuthCacheInvalidator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Writes the revocation marks Redis did not take
 * ({@link AuthCacheInvalidator#writePending()}) on a daemon thread: every
 * {@value #MIN_DELAY_MILLIS} ms while none wait, and with a delay that doubles up to
 * {@value #MAX_DELAY_MILLIS} ms while Redis keeps failing.
 *
 * @author authcache authors
 */
class PendingRevocationWriter extends DaemonTask {

	private static final Log logger = LogFactory.getLog(PendingRevocationWriter.class);

	static final long MIN_DELAY_MILLIS = 100;

	static final long MAX_DELAY_MILLIS = 2000;

	private final AuthCacheInvalidator invalidator;

	private long delayMillis = MIN_DELAY_MILLIS;

	PendingRevocationWriter(AuthCacheInvalidator invalidator) {
		super("authcache-pending-revocations");
		this.invalidator = invalidator;
	}

	@Override
	void schedule(ScheduledExecutorService executor) {
		executor.schedule(() -> run(executor), this.delayMillis, TimeUnit.MILLISECONDS);
	}

	private void run(ScheduledExecutorService executor) {
		try {
			boolean stillPending = this.invalidator.writePending();
			this.delayMillis = stillPending ? Math.min(this.delayMillis * 2, MAX_DELAY_MILLIS) : MIN_DELAY_MILLIS;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not write pending revocation marks", ex);
			this.delayMillis = MAX_DELAY_MILLIS;
		}
		if (!executor.isShutdown()) {
			schedule(executor);
		}
	}

}
