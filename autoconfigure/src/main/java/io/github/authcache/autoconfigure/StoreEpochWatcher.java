/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.authcache.cache.StoreEpoch;

/**
 * Checks the {@link StoreEpoch} periodically on a daemon thread while the application
 * runs.
 *
 * @author authcache authors
 */
class StoreEpochWatcher extends DaemonTask {

	private final StoreEpoch storeEpoch;

	private final Duration interval;

	StoreEpochWatcher(StoreEpoch storeEpoch, Duration interval) {
		super("authcache-epoch");
		this.storeEpoch = storeEpoch;
		this.interval = interval;
	}

	@Override
	void schedule(ScheduledExecutorService executor) {
		this.storeEpoch.check();
		long millis = this.interval.toMillis();
		executor.scheduleWithFixedDelay(this.storeEpoch::check, millis, millis, TimeUnit.MILLISECONDS);
	}

}
