/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.security.ssf.SharedSignalsPoll;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.TaskScheduler;

/**
 * Runs a {@link SharedSignalsPoll} every {@code authcache.shared-signals.poll.interval}
 * while the application runs; a poll that fails is logged and retried at the next
 * interval.
 *
 * @author authcache authors
 */
class SharedSignalsPoller extends BackgroundTask {

	private static final Log logger = LogFactory.getLog(SharedSignalsPoller.class);

	private final SharedSignalsPoll poll;

	private final Duration interval;

	SharedSignalsPoller(SharedSignalsPoll poll, Duration interval, TaskScheduler scheduler) {
		super(scheduler);
		this.poll = poll;
		this.interval = interval;
	}

	@Override
	ScheduledFuture<?> schedule(TaskScheduler scheduler) {
		return scheduler.scheduleWithFixedDelay(this::poll, scheduler.getClock().instant(), this.interval);
	}

	private void poll() {
		try {
			this.poll.poll();
		}
		catch (UpstreamUnavailableException ex) {
			logger.warn("Could not poll the Shared Signals transmitter: " + ex.getMessage());
		}
	}

}
