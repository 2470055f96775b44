/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.authcache.autoconfigure.AuthCacheRedis;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.security.FailureLimiter;
import io.github.authcache.testing.StoreCallFailures;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault tests of an exhausted pool and a hung Redis: waiting for a connection, even past
 * {@code max-wait} (1 s here), neither opens the circuit, while a hung Redis does; the
 * failure limiter waits for a hung Redis once at most. The slow-call threshold is 2 ms,
 * so that a rule counting the wait for a connection as slowness would open the circuit.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AbstractStoreLoadTests.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "authcache.redis.pool.max-active=2", "authcache.redis.pool.max-wait=1s",
				"authcache.resilience.slow-call-duration-threshold=2ms", "authcache.rate-limit.enabled=true",
				"authcache.rate-limit.max-failures-per-minute=1000" })
class StoreSaturationTests extends AbstractStoreLoadTests {

	@Autowired
	private AuthCacheRedis authCacheRedis;

	@Autowired
	private FailureLimiter failureLimiter;

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
	void failureLimiterWhenRedisHungThenWaitsOnceAndMakesNoRedisCallOnceTheCircuitIsOpen() throws Exception {
		StoreCallFailures failures = StoreCallFailures.onThisThread(this.circuitBreakers);
		redis.pause();
		for (int i = 0; i < 10; i++) {
			assertThat(this.failureLimiter.recordFailure("10.0.0.1")).isFalse();
		}
		assertThat(failures.get()).as("only the first counter was tried").isOne();
		for (int i = 0; i < 10 && this.circuitBreakers.cache().getState() != CircuitBreaker.State.OPEN; i++) {
			assertThat(this.cache.lookup(this.credentials.get(i), null)).isInstanceOf(CacheLookup.Authenticated.class);
		}
		assertThat(this.circuitBreakers.cache().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int beforeOpen = failures.get();
		for (int i = 0; i < 20; i++) {
			assertThat(this.failureLimiter.recordFailure("10.0.0.1")).isFalse();
		}
		assertThat(failures.get()).as("no counter tried: each would have timed out").isEqualTo(beforeOpen);
	}

}
