/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * A task that runs on a {@link TaskScheduler} while the application runs. It starts
 * before the web server and stops after it, so that requests served during a graceful
 * shutdown still have it.
 *
 * @author authcache authors
 */
abstract class BackgroundTask implements SmartLifecycle {

	/**
	 * The phase of background tasks: below the web server's start/stop and graceful
	 * shutdown phases.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final TaskScheduler scheduler;

	private @Nullable ScheduledFuture<?> future;

	BackgroundTask(TaskScheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public synchronized void start() {
		this.future = schedule(this.scheduler);
	}

	/**
	 * Schedule the work.
	 * @param scheduler the scheduler
	 * @return the future that {@link #stop()} cancels
	 */
	abstract @Nullable ScheduledFuture<?> schedule(TaskScheduler scheduler);

	@Override
	public synchronized void stop() {
		if (this.future != null) {
			this.future.cancel(false);
			this.future = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.future != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
