/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;

import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that {@link CredentialCache} gives back every permit of its upstream limit,
 * whether the call answers or fails, over the in-memory stores.
 *
 * @author authcache authors
 */
class UpstreamPermitTests {

	private static final int LIMIT = 2;

	private final InMemoryEngine engine = new InMemoryEngine(Duration.ofSeconds(60), Duration.ZERO);

	private final Bulkhead limit = Bulkhead.of("test",
			BulkheadConfig.custom().maxConcurrentCalls(LIMIT).maxWaitDuration(Duration.ZERO).build());

	@BeforeEach
	void setUp() {
		this.engine.cache.setUpstreamLimit(this.limit);
	}

	@Test
	void lookupWhenMoreMissesThanTheLimitOneAfterAnotherThenNoneRefused() {
		for (int i = 0; i <= LIMIT; i++) {
			assertThat(this.engine.cache.lookup(this.engine.session(null), null))
				.isInstanceOf(CacheLookup.Authenticated.class);
		}
		assertThat(this.limit.getMetrics().getAvailableConcurrentCalls()).isEqualTo(LIMIT);
		assertThat(this.engine.counter("authcache.upstream.rejected")).isZero();
	}

	@Test
	void lookupWhenUpstreamFailsMoreOftenThanTheLimitThenEveryFailureIsTheUpstreams() {
		this.engine.upstream.failing = true;
		for (int i = 0; i <= LIMIT; i++) {
			assertThatExceptionOfType(UpstreamUnavailableException.class)
				.isThrownBy(() -> this.engine.cache.lookup(this.engine.session(null), null))
				.withMessage("The upstream is down");
		}
		assertThat(this.limit.getMetrics().getAvailableConcurrentCalls()).isEqualTo(LIMIT);
	}

}
