/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.actuate;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.testing.WebIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for the default access of {@link AuthCacheEndpoint}: exposed, it can be read but
 * not used to drop entries.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AuthCacheEndpointIntegrationTests.TestApplication.class,
		properties = "management.endpoints.web.exposure.include=authcache")
class AuthCacheEndpointDefaultAccessTests extends WebIntegrationTests {

	@Test
	void readIsAllowedByDefault() throws Exception {
		this.mvc.perform(get("/actuator/authcache"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.entries.session").value(0));
	}

	@Test
	void deleteIsNotMappedByDefaultAndDropsNothing() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		int deleteStatus = this.mvc.perform(delete("/actuator/authcache/users/" + session.identityId()))
			.andReturn()
			.getResponse()
			.getStatus();
		assertThat(deleteStatus).isIn(404, 405);
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).as("still cached").isOne();
	}

}
