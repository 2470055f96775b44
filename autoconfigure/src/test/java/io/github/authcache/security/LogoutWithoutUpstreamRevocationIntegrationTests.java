/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.testing.WebIntegrationTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Integration tests for logout when nothing is configured to revoke at the identity
 * provider (no {@code authcache.kratos.admin-url}, no
 * {@code authcache.introspection.revocation-uri}): startup warns, and logout says that it
 * only dropped the cache instead of answering 204.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AuthCacheFilterIntegrationTests.TestApplication.class,
		properties = "authcache.upstream.read-timeout=3s")
@ExtendWith(OutputCaptureExtension.class)
class LogoutWithoutUpstreamRevocationIntegrationTests extends WebIntegrationTests {

	@Test
	void startupWarnsThatLogoutCannotRevokeUpstream(CapturedOutput output) {
		assertThat(output).contains("Logout cannot revoke Kratos sessions: authcache.kratos.admin-url is not set")
			.contains("Logout cannot revoke access tokens: authcache.introspection.revocation-uri is not set");
	}

	@Test
	void logoutThen202NotConfiguredAndTheSessionStillWorksAtKratos(CapturedOutput output) throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		this.mvc.perform(post("/logout").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isAccepted())
			.andExpect(header().string("AuthCache-Logout", "upstream=not_configured, cache=durable"));
		assertThat(ory.session(session.sessionId()).orElseThrow().active()).isTrue();
		assertThat(ory.adminCalls()).isZero();
	}

}
