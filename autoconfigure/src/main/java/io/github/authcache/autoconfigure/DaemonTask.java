/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * A background task on a daemon thread of its own that runs while the application runs.
 *
 * @author authcache authors
 */
abstract class DaemonTask implements SmartLifecycle {

	private final String threadName;

	private @Nullable ScheduledExecutorService executor;

	DaemonTask(String threadName) {
		this.threadName = threadName;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, this.threadName);
			thread.setDaemon(true);
			return thread;
		});
		this.executor = executor;
		schedule(executor);
	}

	/**
	 * Schedule the work on the task's executor.
	 * @param executor the executor, shut down when the application stops
	 */
	abstract void schedule(ScheduledExecutorService executor);

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
