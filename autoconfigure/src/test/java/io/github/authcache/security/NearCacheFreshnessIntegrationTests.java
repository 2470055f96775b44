/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Clock;
import java.time.Duration;

import io.github.authcache.cache.CaffeineNearCache;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.invalidation.redis.InvalidationSubscriber;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.testing.CacheData;
import io.github.authcache.testing.WebIntegrationTests;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Per-route freshness with the near cache on: a route with an {@code authcache.freshness}
 * maximum age is never answered by a near-cache entry older than that age, while other
 * routes keep using it. The cache's clock is moved forward instead of waiting. The near
 * cache answers nothing while invalidations are not received. Refresh-ahead is off, so
 * the upstream call counts are the lookups' alone.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AuthCacheFilterIntegrationTests.TestApplication.class)
class NearCacheFreshnessIntegrationTests extends WebIntegrationTests {

	private static final Duration MAX_AGE = Duration.ofMinutes(1);

	@Autowired
	private CredentialCache cache;

	@Autowired
	private CaffeineNearCache nearCache;

	@Autowired
	private InvalidationSubscriber subscriber;

	@DynamicPropertySource
	static void nearCache(DynamicPropertyRegistry registry) {
		registry.add("authcache.near-cache.enabled", () -> "true");
		registry.add("authcache.near-cache.ttl", () -> "60s");
		registry.add("authcache.freshness[/api/admin/**]", () -> MAX_AGE.toSeconds() + "s");
		// The clock moves past refresh-after: no background re-check may race the counts
		registry.add("authcache.cache.refresh-after", () -> "0");
	}

	@BeforeEach
	void awaitSubscribedWithAnEmptyNearCache() {
		Awaitility.await("caught up with invalidations")
			.atMost(Duration.ofSeconds(5))
			.until(this.subscriber::isCaughtUp);
		this.nearCache.clear();
	}

	@AfterEach
	void resetClock() {
		this.cache.setClock(Clock.systemUTC());
	}

	@Test
	void requestWhenRouteDemandsFreshnessThenNearCacheEntryOlderThanMaxAgeIsNotUsed() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		// Only the near cache holds the entry now
		CacheData.clear(this.jedis);
		this.cache.setClock(Clock.offset(Clock.systemUTC(), MAX_AGE.plusSeconds(1)));
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).as("answered by the near cache").isEqualTo(1);
		ory.revokeSession(session.sessionId());
		this.mvc.perform(get("/api/admin/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isUnauthorized());
		assertThat(ory.whoamiCalls()).as("the route's maximum age sent the lookup upstream").isEqualTo(2);
	}

	@Test
	void requestWhenRouteDemandsFreshnessThenNearCacheEntryWithinMaxAgeIsUsed() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		CacheData.clear(this.jedis);
		// Within the route's maximum age
		this.cache.setClock(Clock.offset(Clock.systemUTC(), MAX_AGE.dividedBy(4)));
		this.mvc.perform(get("/api/admin/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
	}

	@Test
	void requestWhenNotSubscribedToInvalidationsThenNearCacheIsNotUsed() throws Exception {
		this.subscriber.stop();
		try {
			KratosSessionSpec session = ory.registerSession();
			this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
				.andExpect(status().isOk());
			// Only a near cache could hold the entry now
			CacheData.clear(this.jedis);
			this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
				.andExpect(status().isOk());
			assertThat(ory.whoamiCalls()).as("broadcasts could be missed: the near cache answered nothing")
				.isEqualTo(2);
		}
		finally {
			this.subscriber.start();
		}
	}

}
