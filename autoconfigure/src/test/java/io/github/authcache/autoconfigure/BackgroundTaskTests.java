/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.RevocationPendingException;
import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for authcache's background tasks (the store epoch check and the pending-mark
 * writer) on Spring's {@link TaskScheduler}, against a real {@code redis-server}.
 *
 * @author authcache authors
 */
@ExtendWith(RealServersExtension.class)
class BackgroundTaskTests {

	private static final String EPOCH_KEY = "authcache:epoch";

	private final ThreadPoolTaskScheduler applicationThreads = new ThreadPoolTaskScheduler();

	private final RedisServer redis;

	private final ApplicationContextRunner runner;

	BackgroundTaskTests(RedisServer redis, OryStub ory) {
		this.redis = redis;
		this.runner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
							AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class))
			.withPropertyValues(CacheData.SECRET_PROPERTY, "spring.data.redis.client-type=jedis",
					"spring.data.redis.port=" + redis.port(), "authcache.kratos.base-url=" + ory.kratosPublicUrl(),
					"authcache.cache.epoch-check-interval=100ms");
	}

	@BeforeEach
	void startApplicationThreads() {
		this.applicationThreads.initialize();
	}

	@AfterEach
	void stopApplicationThreads() {
		this.applicationThreads.shutdown();
	}

	@Test
	void tasksRunOnTheApplicationsTaskSchedulerAndAreCancelledWhenTheContextCloses() {
		RecordingTaskScheduler scheduler = new RecordingTaskScheduler(this.applicationThreads, true);
		this.runner.withBean(TaskScheduler.class, () -> scheduler).run((context) -> {
			assertThat(context).doesNotHaveBean(BackgroundSchedulerConfiguration.SCHEDULER_BEAN_NAME);
			assertThat(scheduler.futures()).as("the epoch check and the pending-mark writer").hasSize(2);
			context.close();
			assertThat(scheduler.futures()).allMatch(ScheduledFuture::isCancelled);
		});
	}

	@Test
	void ownSchedulerIsNotInjectedIntoTheApplication() {
		this.runner.withBean(SchedulerUser.class).run((context) -> {
			assertThat(context).getBean(BackgroundSchedulerConfiguration.SCHEDULER_BEAN_NAME)
				.isInstanceOf(ThreadPoolTaskScheduler.class);
			assertThat(context.getBean(SchedulerUser.class).schedulers.getIfAvailable()).isNull();
		});
	}

	@Test
	void epochIsCheckedAtTheConfiguredInterval() {
		this.runner.run((context) -> {
			try (Jedis jedis = this.redis.jedis()) {
				assertThat(jedis.exists(EPOCH_KEY)).as("checked when the context started").isTrue();
				jedis.del(EPOCH_KEY);
				awaitTrue("the epoch key created again by a scheduled check", () -> jedis.exists(EPOCH_KEY));
			}
		});
	}

	@Test
	void pendingMarkIsWrittenByTheScheduledWriterWhenRedisComesBack() {
		this.runner.run((context) -> {
			String markKey = revokeWhileRedisIsDown(context);
			this.redis.start();
			try (Jedis jedis = this.redis.jedis()) {
				awaitTrue("the pending mark written", () -> jedis.exists(markKey));
			}
		});
	}

	@Test
	void pendingMarkIsWrittenWhenTheContextCloses() {
		RecordingTaskScheduler scheduler = new RecordingTaskScheduler(this.applicationThreads, false);
		this.runner.withBean(TaskScheduler.class, () -> scheduler).run((context) -> {
			String markKey = revokeWhileRedisIsDown(context);
			this.redis.start();
			context.close();
			try (Jedis jedis = this.redis.jedis()) {
				assertThat(jedis.exists(markKey)).isTrue();
			}
		});
	}

	private String revokeWhileRedisIsDown(AssertableApplicationContext context) {
		this.redis.kill();
		assertThatExceptionOfType(RevocationPendingException.class)
			.isThrownBy(() -> context.getBean(AuthCacheInvalidator.class).invalidateUser("user-1"));
		return context.getBean(CacheKeys.class).userMarkKey("user-1");
	}

	private static void awaitTrue(String description, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(description).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	/**
	 * An application bean that takes a {@link TaskScheduler} if there is one.
	 */
	static final class SchedulerUser {

		private final ObjectProvider<TaskScheduler> schedulers;

		SchedulerUser(ObjectProvider<TaskScheduler> schedulers) {
			this.schedulers = schedulers;
		}

	}

}
