/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.testing.AuthenticatedApplication;
import io.github.authcache.testing.WebIntegrationTests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What a request gets when the identity provider cannot give a verdict: the limit on
 * concurrent upstream calls reached, the starter's own credentials refused, a body that
 * does not parse. Each is a 503 with {@code Retry-After}, never a 500 and never cached.
 * Real redis-server, Ory stub.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = { AuthenticatedApplication.class, SimpleMeterRegistry.class })
class IdentityProviderFailureTests extends WebIntegrationTests {

	private static final int LIMIT = 4;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("authcache.upstream.max-concurrent-calls", () -> LIMIT);
		// Every MockMvc request comes from one address: the per-client share is not under
		// test here (UpstreamFairnessIntegrationTests)
		registry.add("authcache.upstream.fairness.enabled", () -> "false");
		// Held answers must outlive the test's own steps on a busy machine
		registry.add("authcache.upstream.read-timeout", () -> "30s");
	}

	@AfterEach
	void release() {
		ory.reset();
		this.threads.shutdownNow();
	}

	@Test
	void lookupsWhenMoreColdCredentialsThanTheLimitThenExcessGets503AtOnceAndIdpNeverSeesMore() throws Exception {
		double rejectedBefore = rejected();
		ory.hang();
		List<Future<MvcResult>> held = new ArrayList<>();
		for (int i = 0; i < LIMIT; i++) {
			String token = ory.registerSession().requiredToken();
			held.add(this.threads
				.submit(() -> this.mvc.perform(get("/api/me").header("X-Session-Token", token)).andReturn()));
		}
		awaitInFlight(LIMIT);
		for (int i = 0; i < 6; i++) {
			this.mvc.perform(get("/api/me").header("X-Session-Token", ory.registerSession().requiredToken()))
				.andExpect(status().isServiceUnavailable())
				.andExpect(header().string("Retry-After", "1"));
		}
		assertThat(held).as("refused while the admitted calls were still held").noneMatch(Future::isDone);
		assertThat(ory.maxRequestsInFlight()).isEqualTo(LIMIT);
		ory.reset();
		for (Future<MvcResult> result : held) {
			assertThat(result.get(30, TimeUnit.SECONDS).getResponse().getStatus()).isEqualTo(200);
		}
		assertThat(ory.whoamiCalls()).isEqualTo(LIMIT);
		assertThat(rejected() - rejectedBefore).isEqualTo(6);
	}

	@Test
	void lookupWhenIdpRefusesTheStartersCredentialsThen503SaysMisconfigured() throws Exception {
		OAuth2TokenSpec token = ory.registerToken();
		ory.failWith(401);
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token.token()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists("Retry-After"))
			.andExpect(content().string(containsString("misconfigured")));
		ory.failWith(503);
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token.token()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("unavailable")));
	}

	@Test
	void lookupWhenKratosExpiresAtDoesNotParseThen503NotCached() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		ory.failWith(200, "application/json", """
				{"id":"%s","active":true,"expires_at":"next tuesday","authenticated_at":"2026-01-01T00:00:00Z",
				"authenticator_assurance_level":"aal1","authentication_methods":[{"method":"password"}],
				"identity":{"id":"%s","state":"active","traits":{}}}""".formatted(session.sessionId(),
				session.identityId()));
		for (int i = 0; i < 2; i++) {
			this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
				.andExpect(status().isServiceUnavailable())
				.andExpect(header().exists("Retry-After"));
		}
		assertThat(ory.whoamiCalls()).as("no verdict is cached").isEqualTo(2);
		ory.reset();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
	}

	private double rejected() {
		return this.meters.get(MicrometerAuthCacheMetrics.UPSTREAM_REJECTED).tag("kind", "session").counter().count();
	}

	private static void awaitInFlight(int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (ory.requestsInFlight() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(ory.requestsInFlight()).isEqualTo(count);
	}

}
