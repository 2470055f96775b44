/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's {@link TaskScheduler} that records what it is given, on threads the
 * test owns: they outlive the context, so only the tasks can cancel their work. With
 * {@code run} false, nothing runs within the test.
 *
 * @author authcache authors
 */
final class RecordingTaskScheduler implements TaskScheduler {

	private static final Duration NOT_WITHIN_THE_TEST = Duration.ofDays(1);

	private final List<ScheduledFuture<?>> futures = new CopyOnWriteArrayList<>();

	private final ThreadPoolTaskScheduler threads;

	private final boolean run;

	RecordingTaskScheduler(ThreadPoolTaskScheduler threads, boolean run) {
		this.threads = threads;
		this.run = run;
	}

	/**
	 * Return the futures of what the scheduler was given.
	 * @return the futures
	 */
	List<ScheduledFuture<?>> futures() {
		return this.futures;
	}

	@Override
	public @Nullable ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		return record(this.run ? this.threads.schedule(task, trigger) : later(task));
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		return record(this.run ? this.threads.schedule(task, startTime) : later(task));
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		return record(this.run ? this.threads.scheduleAtFixedRate(task, startTime, period) : later(task));
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		return record(this.run ? this.threads.scheduleAtFixedRate(task, period) : later(task));
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		return record(this.run ? this.threads.scheduleWithFixedDelay(task, startTime, delay) : later(task));
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		return record(this.run ? this.threads.scheduleWithFixedDelay(task, delay) : later(task));
	}

	private ScheduledFuture<?> later(Runnable task) {
		return this.threads.schedule(task, Instant.now().plus(NOT_WITHIN_THE_TEST));
	}

	private <F extends @Nullable ScheduledFuture<?>> F record(F future) {
		assertThat(future).isNotNull();
		this.futures.add(future);
		return future;
	}

}
