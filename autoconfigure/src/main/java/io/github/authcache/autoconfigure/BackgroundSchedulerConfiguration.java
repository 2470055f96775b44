/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The scheduler of authcache's background tasks when the application has no
 * {@link TaskScheduler} of its own: built as Spring Boot builds its {@code taskScheduler}
 * (a thread pool, or virtual threads with {@code spring.threads.virtual.enabled}), but
 * not a default candidate for injection, so that it never becomes the application's.
 *
 * @author authcache authors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(TaskScheduler.class)
class BackgroundSchedulerConfiguration {

	static final String SCHEDULER_BEAN_NAME = "authCacheTaskScheduler";

	private static final String THREAD_NAME_PREFIX = "authcache-";

	@Bean(name = SCHEDULER_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnThreading(Threading.PLATFORM)
	ThreadPoolTaskScheduler authCacheTaskScheduler(ObjectProvider<ThreadPoolTaskSchedulerBuilder> builder) {
		ThreadPoolTaskScheduler scheduler = builder.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new)
			.threadNamePrefix(THREAD_NAME_PREFIX)
			.build();
		scheduler.setPhase(BackgroundTask.PHASE - 1);
		return scheduler;
	}

	@Bean(name = SCHEDULER_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnThreading(Threading.VIRTUAL)
	SimpleAsyncTaskScheduler authCacheTaskSchedulerVirtualThreads(
			ObjectProvider<SimpleAsyncTaskSchedulerBuilder> builder) {
		SimpleAsyncTaskScheduler scheduler = builder
			.getIfAvailable(() -> new SimpleAsyncTaskSchedulerBuilder().virtualThreads(true))
			.threadNamePrefix(THREAD_NAME_PREFIX)
			.build();
		scheduler.setPhase(BackgroundTask.PHASE - 1);
		return scheduler;
	}

}
