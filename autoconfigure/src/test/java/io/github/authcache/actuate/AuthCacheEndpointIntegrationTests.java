/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.actuate;

import io.github.authcache.security.AuthCacheConfigurer;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.testing.WebIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.security.config.Customizer.withDefaults;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Integration tests for {@link AuthCacheEndpoint} with unrestricted access.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AuthCacheEndpointIntegrationTests.TestApplication.class, properties = {
		"management.endpoints.web.exposure.include=authcache", "management.endpoint.authcache.access=unrestricted" })
class AuthCacheEndpointIntegrationTests extends WebIntegrationTests {

	@Test
	void readThenEntriesLookupsAndHitRatio() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()));
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()));
		this.mvc.perform(get("/actuator/authcache"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.entries.session").value(1))
			.andExpect(jsonPath("$.entries.token").value(0))
			.andExpect(jsonPath("$.entries.complete").value(true))
			.andExpect(jsonPath("$.lookups.session.hit").value(greaterThanOrEqualTo(1.0)))
			.andExpect(jsonPath("$.lookups.session.miss").value(greaterThanOrEqualTo(1.0)))
			.andExpect(jsonPath("$.hitRatio").value(allOf(greaterThan(0.0), lessThan(1.0))))
			.andExpect(jsonPath("$.gauges",
					hasEntry("resilience4j.circuitbreaker.state{name=authcache-cache,state=closed}", 1.0)));
	}

	@Test
	void deleteUserThenEveryEntryOfTheUserIsDroppedAndTheUpstreamIsAskedAgain() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		this.mvc.perform(delete("/actuator/authcache/users/" + session.identityId())).andExpect(status().isNoContent());
		ory.revokeSession(session.sessionId());
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isUnauthorized());
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void deleteSessionThenTheSessionIsDropped() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()));
		this.mvc.perform(delete("/actuator/authcache/sessions/" + session.sessionId()))
			.andExpect(status().isNoContent());
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()));
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void readWhileRedisIsDownThenACleanAnswer() throws Exception {
		redis.stop();
		try {
			this.mvc.perform(get("/actuator/authcache"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.entries").value(nullValue()));
		}
		finally {
			redis.start();
		}
	}

	@Test
	void deleteOtherScopeThenBadRequest() throws Exception {
		this.mvc.perform(delete("/actuator/authcache/tokens/x")).andExpect(status().isBadRequest());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/actuator/**").permitAll().anyRequest().authenticated());
			http.csrf((csrf) -> csrf.ignoringRequestMatchers("/actuator/**"));
			http.with(AuthCacheConfigurer.authCache(), withDefaults());
			return http.build();
		}

		@RestController
		static class MeController {

			@GetMapping("/api/me")
			String me() {
				return "me";
			}

		}

	}

}
