/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.authcache.cache.StoreEpoch;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Checks the {@link StoreEpoch} periodically on a daemon thread while the application
 * runs.
 *
 * @author authcache authors
 */
class StoreEpochWatcher implements SmartLifecycle {

	private final StoreEpoch storeEpoch;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	StoreEpochWatcher(StoreEpoch storeEpoch, Duration interval) {
		this.storeEpoch = storeEpoch;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "authcache-epoch");
			thread.setDaemon(true);
			return thread;
		});
		this.storeEpoch.check();
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this.storeEpoch::check, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
