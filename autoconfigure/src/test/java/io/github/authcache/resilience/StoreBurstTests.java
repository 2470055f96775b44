/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst far above the pool size on a healthy Redis: 128 threads on 2 connections. The
 * pool's {@code max-wait} (30 s) is longer than any wait of the burst, so every lookup
 * gets a connection: on a machine short of CPU a shorter one sends the lookups that wait
 * past it upstream, as documented, which is not what this test is about. The slow-call
 * threshold (20 ms) is above a round trip on a loaded machine; that a wait for a
 * connection is not slowness is {@link StoreCircuitTests}' to show.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AbstractStoreLoadTests.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = { "authcache.redis.pool.max-active=2",
				"authcache.redis.pool.max-wait=30s", "authcache.resilience.slow-call-duration-threshold=20ms" })
class StoreBurstTests extends AbstractStoreLoadTests {

	private static final int THREADS = 128;

	@Test
	void burstFarAbovePoolSizeWhenRedisHealthyThenCircuitStaysClosedAndNoUpstreamCall() throws Exception {
		int failures = burst(THREADS, 40);
		CircuitBreaker.Metrics metrics = this.circuitBreakers.cache().getMetrics();
		System.out.printf("burst of %d threads on a pool of 2: %d transitions, %d upstream calls, %d slow calls%n",
				THREADS, this.transitions.get(), ory.whoamiCalls(), metrics.getNumberOfSlowCalls());
		assertThat(failures).isZero();
		assertThat(this.transitions).hasValue(0);
		assertThat(this.circuitBreakers.cache().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(ory.whoamiCalls()).isZero();
	}

}
