/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.redis.InvalidationSubscriber;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.testing.WebIntegrationTests;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Sessions whose identity the cache cannot read back (traits too large, or nested too
 * deep) are answered from Kratos on every request, and never written: not to Redis, not
 * to the near cache. Each skipped write is metered and warned about once a minute, the
 * store's circuit breaker stays closed, and a normal session beside them is cached as
 * usual. Real {@code redis-server}, Ory stub, near cache on.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AuthCacheFilterIntegrationTests.TestApplication.class)
@ExtendWith(OutputCaptureExtension.class)
class LargeIdentityIntegrationTests extends WebIntegrationTests {

	private static final int REQUESTS = 20;

	@Autowired
	private CredentialCache cache;

	@Autowired
	private StoreCircuitBreakers circuitBreakers;

	@Autowired
	private InvalidationSubscriber subscriber;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("authcache.near-cache.enabled", () -> "true");
		// No background re-check may add to the upstream call counts
		registry.add("authcache.cache.refresh-after", () -> "0");
	}

	@BeforeEach
	void awaitSubscribed() {
		Awaitility.await("caught up with invalidations")
			.atMost(Duration.ofSeconds(5))
			.until(this.subscriber::isCaughtUp);
	}

	@Test
	void requestWhenTraitsAreTooLargeToCacheThenAnsweredByKratosAndNeverWritten(CapturedOutput output)
			throws Exception {
		Map<String, Object> traits = new LinkedHashMap<>();
		traits.put("email", "large@example.org");
		traits.put("bio", "x".repeat(400 * 1024));
		assertNeverCached(traits, "too_large", output);
		assertThat(output).containsOnlyOnce("would be larger than the 16384 bytes the cache reads");
	}

	@Test
	void requestWhenTraitsNestTooDeepToCacheThenAnsweredByKratosAndNeverWritten(CapturedOutput output)
			throws Exception {
		Map<String, Object> traits = Map.of("email", "deep@example.org");
		for (int i = 0; i < 40; i++) {
			traits = Map.of("nested", traits);
		}
		assertNeverCached(traits, "too_deep", output);
		assertThat(output).containsOnlyOnce("would be nested deeper than the 32 levels the cache reads");
	}

	private void assertNeverCached(Map<String, Object> traits, String reason, CapturedOutput output) throws Exception {
		KratosSessionSpec uncacheable = ory.registerSession(KratosSessionSpec.builder().traits(traits).build());
		KratosSessionSpec normal = ory.registerSession();
		double skippedBefore = skipped(reason);
		for (int i = 0; i < REQUESTS; i++) {
			perform(uncacheable);
			perform(normal);
		}
		assertThat(entryKeys(uncacheable)).noneMatch(this.jedis::exists);
		assertThat(entryKeys(normal)).anyMatch(this.jedis::exists);
		assertThat(skipped(reason)).isEqualTo(skippedBefore + REQUESTS);
		assertThat(ory.whoamiCalls()).as("every request of the uncacheable session asks Kratos, the normal one once")
			.isEqualTo(REQUESTS + 1);
		CircuitBreaker breaker = this.circuitBreakers.cache();
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	private void perform(KratosSessionSpec session) throws Exception {
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
	}

	private String[] entryKeys(KratosSessionSpec session) {
		return this.cache.entryKeys(new Credential(CredentialType.SESSION_TOKEN, session.requiredToken()))
			.toArray(String[]::new);
	}

	private double skipped(String reason) {
		return this.meters.get(MicrometerAuthCacheMetrics.WRITE_SKIPPED)
			.tag("kind", "session")
			.tag("reason", reason)
			.counter()
			.count();
	}

}
