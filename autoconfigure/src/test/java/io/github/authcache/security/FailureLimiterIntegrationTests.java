/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
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
class FailureLimiterIntegrationTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	@Autowired
	private WebApplicationContext context;

	private MockMvc mvc;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("authcache.kratos.base-url", ory::kratosPublicUrl);
	}

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		try (Jedis jedis = redis.jedis()) {
			CacheData.clear(jedis);
		}
		ory.reset();
		ory.clearState();
		ory.resetCounters();
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void requestWhenAddressHadTooManyFailuresThen429BeforeAnyUpstreamCall() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		for (int i = 0; i < 3; i++) {
			this.mvc.perform(from("10.0.0.1", "ory_st_WrongGuessNumber000000000000000" + i))
				.andExpect(status().isUnauthorized());
		}
		assertThat(ory.whoamiCalls()).isEqualTo(3);
		this.mvc.perform(from("10.0.0.1", session.requiredToken()))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().exists("Retry-After"));
		assertThat(ory.whoamiCalls()).isEqualTo(3);
		this.mvc.perform(from("10.0.0.2", session.requiredToken())).andExpect(status().isOk());
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
