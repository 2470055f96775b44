/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import io.github.authcache.cache.StoreEpoch;

import org.springframework.scheduling.TaskScheduler;

/**
 * Checks the {@link StoreEpoch} when the application starts, then at a fixed delay on a
 * {@link TaskScheduler}.
 *
 * @author authcache authors
 */
class StoreEpochWatcher extends BackgroundTask {

	private final StoreEpoch storeEpoch;

	private final Duration interval;

	StoreEpochWatcher(StoreEpoch storeEpoch, Duration interval, TaskScheduler scheduler) {
		super(scheduler);
		this.storeEpoch = storeEpoch;
		this.interval = interval;
	}

	@Override
	ScheduledFuture<?> schedule(TaskScheduler scheduler) {
		this.storeEpoch.check();
		return scheduler.scheduleWithFixedDelay(this.storeEpoch::check,
				scheduler.getClock().instant().plus(this.interval), this.interval);
	}

}
