/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs background tasks on threads of their own and lets a test wait until every task it
 * was given has ended.
 *
 * @author authcache authors
 */
final class BackgroundExecutor implements Executor, AutoCloseable {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<Future<?>> tasks = new CopyOnWriteArrayList<>();

	@Override
	public void execute(Runnable task) {
		this.tasks.add(this.threads.submit(task));
	}

	/**
	 * Return how many tasks were given.
	 * @return the number of tasks
	 */
	int tasks() {
		return this.tasks.size();
	}

	/**
	 * Wait until every task given so far has ended.
	 * @throws Exception when a task failed or did not end within 10 seconds
	 */
	void awaitIdle() throws Exception {
		for (Future<?> task : this.tasks) {
			task.get(10, TimeUnit.SECONDS);
		}
	}

	@Override
	public void close() {
		this.threads.shutdownNow();
	}

}
