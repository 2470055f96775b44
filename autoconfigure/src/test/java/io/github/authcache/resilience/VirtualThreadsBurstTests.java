/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.time.Duration;

import io.github.authcache.testing.Java21Jvm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bursts far above the pool size on virtual threads ({@link VirtualThreadsBurstCheck}, in
 * a JVM of a Java 21+ runtime): with the starter's defaults no warm lookup goes upstream
 * and the store circuit stays closed at any concurrency up to 256, although nothing but
 * the pool (200 connections, 1 s wait) bounds the requests in flight.
 *
 * @author authcache authors
 * @see StoreBurstTests
 */
class VirtualThreadsBurstTests {

	@Test
	void burstsOnVirtualThreadsWhenRedisHealthyThenCircuitStaysClosedAndNoUpstreamCall() throws Exception {
		String output = Java21Jvm.run(VirtualThreadsBurstCheck.class, Duration.ofSeconds(120));
		System.out.print(output);
		assertThat(output).contains("served by VirtualThread[");
		for (int level : VirtualThreadsBurstCheck.LEVELS) {
			assertThat(output).contains("burst of " + level + ": non-200=0 breaker transitions=0 upstream calls=0"
					+ System.lineSeparator());
		}
	}

}
