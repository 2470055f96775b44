/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the fault tests on a real {@code redis-server} for the rule that only what says
 * Redis is unhealthy opens the store's circuit: a pool of 2 connections, 16 warm
 * credentials looked up from many threads at once, and the facts to assert on (the
 * breaker's transitions and recorded calls, the stub's call counts, the bypass meters).
 * No timing assertions. The servers are stopped when the JVM exits.
 *
 * @author authcache authors
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractStoreLoadTests {

	protected static final int CREDENTIALS = 16;

	protected static final RedisServer redis = RedisServer.startDefault();

	protected static final OryStub ory = OryStub.start();

	@Autowired
	protected CredentialCache cache;

	@Autowired
	protected StoreCircuitBreakers circuitBreakers;

	@Autowired
	protected MeterRegistry meters;

	protected final List<Credential> credentials = new ArrayList<>();

	protected final AtomicInteger transitions = new AtomicInteger();

	protected double busyBefore;

	protected double failedBefore;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("authcache.kratos.base-url", ory::kratosPublicUrl);
		registry.add("authcache.upstream.read-timeout", () -> "10s");
	}

	@BeforeEach
	void setUp() {
		try (Jedis jedis = redis.jedis()) {
			CacheData.clear(jedis);
		}
		ory.reset();
		ory.clearState();
		// The first calls of a fresh process are slower than the slow-call threshold, one
		// at a time: the warm-up is not under test
		this.circuitBreakers.cache().transitionToDisabledState();
		this.circuitBreakers.cacheWrites().transitionToDisabledState();
		for (int i = 0; i < CREDENTIALS; i++) {
			Credential credential = new Credential(CredentialType.SESSION_TOKEN, ory.registerSession().requiredToken());
			assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
			this.credentials.add(credential);
		}
		this.circuitBreakers.cache().reset();
		this.circuitBreakers.cacheWrites().reset();
		this.circuitBreakers.cache()
			.getEventPublisher()
			.onStateTransition((event) -> this.transitions.incrementAndGet());
		this.busyBefore = bypassed("store_busy");
		this.failedBefore = bypassed("store_failed");
		ory.resetCounters();
	}

	@AfterEach
	void resumeRedis() {
		if (redis.isPaused()) {
			redis.resume();
		}
	}

	/**
	 * Look the warm credentials up from many threads at once.
	 * @return the lookups that did not authenticate
	 */
	protected int burst(int threads, int lookupsPerThread) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger failures = new AtomicInteger();
		List<Future<?>> running = new ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				int offset = t;
				running.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < lookupsPerThread; i++) {
						Credential credential = this.credentials.get((offset + i) % this.credentials.size());
						if (!(this.cache.lookup(credential, null) instanceof CacheLookup.Authenticated)) {
							failures.incrementAndGet();
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : running) {
				future.get(50, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		return failures.get();
	}

	protected static void awaitBlockedClients(int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (Integer.parseInt(redis.infoField("clients", "blocked_clients")) < count) {
			assertThat(System.nanoTime()).as("%d blocked clients", count).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	protected double bypassed(String reason) {
		return this.meters.get(StoreCircuitMetrics.BYPASSED)
			.tag("store", "cache")
			.tag("reason", reason)
			.counter()
			.count();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
