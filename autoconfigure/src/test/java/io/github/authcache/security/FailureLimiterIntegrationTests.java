/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.testing.StoreCallFailures;
import io.github.authcache.testing.WebIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Integration tests for the limit of failed authentications per client address.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = FailureLimiterIntegrationTests.TestApplication.class,
		properties = { "authcache.rate-limit.enabled=true", "authcache.rate-limit.max-failures-per-minute=3",
				"authcache.upstream.read-timeout=500ms" })
class FailureLimiterIntegrationTests extends WebIntegrationTests {

	@Autowired
	private StoreCircuitBreakers circuitBreakers;

	@Test
	void requestWhenAddressHadTooManyFailuresThenFurtherFailuresGet429() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.mvc.perform(from("10.0.0.1", garbage(i))).andExpect(status().isUnauthorized());
		}
		this.mvc.perform(from("10.0.0.1", garbage(3)))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().exists("Retry-After"));
		this.mvc.perform(from("10.0.0.2", garbage(4))).andExpect(status().isUnauthorized());
	}

	@Test
	void requestWhenAddressOverTheLimitThenAValidCredentialIsStillServed() throws Exception {
		KratosSessionSpec cached = ory.registerSession();
		KratosSessionSpec uncached = ory.registerSession();
		this.mvc.perform(from("10.0.0.4", cached.requiredToken())).andExpect(status().isOk());
		for (int i = 0; i < 25; i++) {
			this.mvc.perform(from("10.0.0.4", garbage(i)));
		}
		this.mvc.perform(from("10.0.0.4", garbage(99))).andExpect(status().isTooManyRequests());
		ory.resetCounters();
		// a cache hit: served without the upstream
		this.mvc.perform(from("10.0.0.4", cached.requiredToken())).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isZero();
		// a miss the upstream accepts: served too
		this.mvc.perform(from("10.0.0.4", uncached.requiredToken())).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isOne();
	}

	@Test
	void failureCounterWhenWrittenThenKeyedByAHashOfTheAddress() throws Exception {
		this.mvc.perform(from("10.0.0.5", garbage(0))).andExpect(status().isUnauthorized());
		assertThat(this.jedis.keys("*failures:*")).singleElement()
			.satisfies((key) -> assertThat(key).doesNotContain("10.0.0.5").doesNotContain("10%2E0"));
	}

	@Test
	void requestWhenAuthenticatedOrUpstreamDownThenNotCounted() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		for (int i = 0; i < 5; i++) {
			this.mvc.perform(from("10.0.0.3", session.requiredToken())).andExpect(status().isOk());
		}
		ory.failWith(503);
		for (int i = 0; i < 5; i++) {
			this.mvc.perform(from("10.0.0.3", "ory_st_AnotherCredential000000000000000" + i))
				.andExpect(status().isServiceUnavailable());
		}
		ory.reset();
		this.mvc.perform(from("10.0.0.3", session.requiredToken())).andExpect(status().isOk());
	}

	@Test
	void failureWhenRedisHungThenOneTimeoutAndNotCountedThenCountedAgainOnceRedisAnswers() throws Exception {
		resetCircuits();
		StoreCallFailures failures = StoreCallFailures.onThisThread(this.circuitBreakers);
		redis.pause();
		try {
			this.mvc.perform(from("10.0.0.7", garbage(0))).andExpect(status().isUnauthorized());
			assertThat(failures.get()).as("the cache read timed out; the counter was not tried after it").isOne();
		}
		finally {
			redis.resume();
		}
		resetCircuits();
		// Redis answers the next request's read: its failure and the next ones count
		for (int i = 1; i <= 3; i++) {
			this.mvc.perform(from("10.0.0.7", garbage(i))).andExpect(status().isUnauthorized());
		}
		this.mvc.perform(from("10.0.0.7", garbage(4))).andExpect(status().isTooManyRequests());
		assertThat(failures.get()).isOne();
	}

	private void resetCircuits() {
		this.circuitBreakers.cache().reset();
		this.circuitBreakers.cacheWrites().reset();
	}

	private static String garbage(int i) {
		return "ory_st_WrongGuessNumber%016d".formatted(i);
	}

	private static MockHttpServletRequestBuilder from(String address, String sessionToken) {
		return get("/api/me").header("X-Session-Token", sessionToken).with((request) -> {
			request.setRemoteAddr(address);
			return request;
		});
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@RestController
		static class MeController {

			@GetMapping("/api/me")
			String me() {
				return "me";
			}

		}

	}

}
