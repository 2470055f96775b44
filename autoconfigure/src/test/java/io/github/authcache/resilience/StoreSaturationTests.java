/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.autoconfigure.AuthCacheRedis;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.security.FailureLimiter;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault tests on a real {@code redis-server} for the rule that only what says Redis is
 * unhealthy opens the circuit: a burst far above the pool size on a healthy Redis, and an
 * exhausted pool, neither open it nor (for warm credentials) reach the upstream, while a
 * hung Redis still does open it, also for the failure limiter. The pool has 2 connections
 * and the slow-call threshold is 2 ms, so that waiting for a connection makes calls
 * "slow" and a rule that counted it would open the circuit. No timing assertions: the
 * facts are the breaker's transitions, its recorded calls and the stub's call counts.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = StoreSaturationTests.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "authcache.redis.pool.max-active=2", "authcache.redis.pool.max-wait=1s",
				"authcache.resilience.slow-call-duration-threshold=2ms", "authcache.rate-limit.enabled=true",
				"authcache.rate-limit.max-failures-per-minute=1000" })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StoreSaturationTests {

	private static final int THREADS = 128;

	private static final int CREDENTIALS = 16;

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	@Autowired
	private CredentialCache cache;

	@Autowired
	private StoreCircuitBreakers circuitBreakers;

	@Autowired
	private AuthCacheRedis authCacheRedis;

	@Autowired
	private FailureLimiter failureLimiter;

	@Autowired
	private MeterRegistry meters;

	private final List<Credential> credentials = new ArrayList<>();

	private final AtomicInteger transitions = new AtomicInteger();

	private double busyBefore;

	private double failedBefore;

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
		// The first calls of a fresh process are slower than the 2 ms threshold, one at a
		// time: the warm-up is not under test
		this.circuitBreakers.cache().transitionToDisabledState();
		for (int i = 0; i < CREDENTIALS; i++) {
			Credential credential = new Credential(CredentialType.SESSION_TOKEN, ory.registerSession().requiredToken());
			assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
			this.credentials.add(credential);
		}
		this.circuitBreakers.cache().reset();
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

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void burstFarAbovePoolSizeWhenRedisHealthyThenCircuitStaysClosedAndNoUpstreamCall() throws Exception {
		int failures = burst(THREADS, 40);
		CircuitBreaker.Metrics metrics = this.circuitBreakers.cache().getMetrics();
		System.out.printf("burst of %d threads on a pool of 2: %d transitions, %d upstream calls, %d slow calls%n",
				THREADS, this.transitions.get(), ory.whoamiCalls(), metrics.getNumberOfSlowCalls());
		System.out.println("DEBUGBYPASS busy=" + bypassed("store_busy") + " failed=" + bypassed("store_failed")
				+ " open=" + bypassed("circuit_open"));
		assertThat(failures).isZero();
		assertThat(this.transitions).hasValue(0);
		assertThat(this.circuitBreakers.cache().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(ory.whoamiCalls()).isZero();
	}

	@Test
	void lookupsWhenPoolExhaustedThenCircuitStaysClosed() throws Exception {
		// Both pooled connections busy with a blocking command for 3 s
		StringRedisTemplate template = new StringRedisTemplate(this.authCacheRedis.connectionFactory());
		ExecutorService blockers = Executors.newFixedThreadPool(2);
		try {
			for (int i = 0; i < 2; i++) {
				blockers.submit(() -> template.opsForList().leftPop("blocked", Duration.ofSeconds(3)));
			}
			awaitBlockedClients(2);
			int failures = burst(8, 2);
			assertThat(failures).isZero();
		}
		finally {
			try (Jedis jedis = redis.jedis()) {
				jedis.lpush("blocked", "1", "2");
			}
			blockers.shutdown();
		}
		assertThat(bypassed("store_busy")).isGreaterThan(this.busyBefore);
		assertThat(bypassed("store_failed")).isEqualTo(this.failedBefore);
		assertThat(this.circuitBreakers.cache().getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(this.transitions).hasValue(0);
		assertThat(this.circuitBreakers.cache().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void lookupsWhenRedisHungThenCircuitOpens() throws Exception {
		redis.pause();
		burst(8, 4);
		assertThat(this.circuitBreakers.cache().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.circuitBreakers.cache().getMetrics().getNumberOfFailedCalls()).isPositive();
	}

	@Test
	void failureLimiterWhenRedisHungAndCircuitOpenThenMakesNoRedisCall() throws Exception {
		redis.pause();
		for (int i = 0; i < 10 && this.circuitBreakers.cache().getState() != CircuitBreaker.State.OPEN; i++) {
			assertThat(this.failureLimiter.recordFailure("10.0.0.1")).isFalse();
		}
		assertThat(this.circuitBreakers.cache().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		long notPermitted = this.circuitBreakers.cache().getMetrics().getNumberOfNotPermittedCalls();
		long started = System.nanoTime();
		for (int i = 0; i < 20; i++) {
			assertThat(this.failureLimiter.recordFailure("10.0.0.1")).isFalse();
		}
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		System.out.printf("20 limiter calls with the circuit open: %d ms%n", millis);
		assertThat(this.circuitBreakers.cache().getMetrics().getNumberOfNotPermittedCalls())
			.isEqualTo(notPermitted + 20);
		// one 200 ms timeout per call would be 4 s
		assertThat(millis).isLessThan(2000);
	}

	/**
	 * Look the warm credentials up from many threads at once.
	 * @return the lookups that did not authenticate
	 */
	private int burst(int threads, int lookupsPerThread) throws Exception {
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

	private static void awaitBlockedClients(int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (Integer.parseInt(redis.infoField("clients", "blocked_clients")) < count) {
			assertThat(System.nanoTime()).as("%d blocked clients", count).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private double bypassed(String reason) {
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
