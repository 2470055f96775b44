/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.util.ArrayList;
import java.util.List;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.testing.WebIntegrationTests;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Bad input, end to end: malformed, oversized and injected credentials are rejected with
 * 401 before any cache or upstream call; corrupt, old and forged values in Redis are
 * misses; and no log line, at TRACE, holds a credential.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = BadInputIntegrationTests.TestApplication.class,
		properties = { "logging.level.io.github.authcache=TRACE", "logging.level.org.springframework.security=TRACE",
				"authcache.cache.secret=test-secret" })
@ExtendWith(OutputCaptureExtension.class)
class BadInputIntegrationTests extends WebIntegrationTests {

	private final List<String> credentialsSent = new ArrayList<>();

	@Test
	void malformedCredentialsThen401BeforeAnyCacheOrUpstreamCallAndNeverLogged(CapturedOutput output) throws Exception {
		List<MockHttpServletRequestBuilder> requests = List.of(bearer("ory_at_" + "A".repeat(5000)),
				header("X-Session-Token", "ory_st_" + "B".repeat(5000)), cookie("C".repeat(5000)),
				bearer("ory_at_ünïcödé_secret"), bearer("ory_at_secret value"),
				header("Authorization", "Bearer ory_at_secretA ory_at_secretB"), header("Authorization", "Bearer"),
				header("X-Session-Token", "ory_st_secret\"quoted\""), header("X-Session-Token", "ory_st_secret;drop"),
				header("X-Session-Token", "ory_st_secret%0d%0aX-Injected"), bearer("ory_st_secret<script>"),
				cookie("secret value with spaces"), cookie("secret\\backslash"), cookie("secret,comma"));
		for (MockHttpServletRequestBuilder request : requests) {
			this.mvc.perform(request).andExpect(status().isUnauthorized());
		}
		// A line break in a header is refused by Spring Security's firewall, before
		// authcache: 400
		this.mvc.perform(header("X-Session-Token", "ory_st_secret\r\nX-Injected: yes"))
			.andExpect(status().isBadRequest());
		assertThat(ory.whoamiCalls() + ory.introspectCalls()).isZero();
		assertThat(this.jedis.keys("*")).allMatch("authcache:epoch"::equals);
		assertNoCredentialLogged(output);
	}

	@Test
	void wellFormedButUnknownCredentialsThen401AndNeverLogged(CapturedOutput output) throws Exception {
		this.mvc.perform(bearer("ory_at_UnknownButWellFormedSecret.Signature")).andExpect(status().isUnauthorized());
		this.mvc.perform(header("X-Session-Token", "ory_st_UnknownButWellFormedSecret0000000"))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(cookie("MTY5UnknownButWellFormedSecretCookie")).andExpect(status().isUnauthorized());
		assertThat(ory.whoamiCalls() + ory.introspectCalls()).isEqualTo(3);
		assertNoCredentialLogged(output);
	}

	@Test
	void validCredentialsThenNeverLogged(CapturedOutput output) throws Exception {
		KratosSessionSpec session = ory.registerSession();
		OAuth2TokenSpec token = ory.registerToken();
		this.mvc.perform(header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		this.mvc.perform(cookie(session.cookieValue())).andExpect(status().isOk());
		this.mvc.perform(bearer(token.token())).andExpect(status().isOk());
		this.mvc.perform(bearer(token.token())).andExpect(status().isOk());
		assertNoCredentialLogged(output);
	}

	@Test
	void corruptOldOrForgedValuesInRedisThenMissesNeverErrors() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		String key = this.jedis.keys("authcache:session:*").iterator().next();
		List<String> values = List.of("garbage", "{\"v\":1,\"at\":1,\"ok\":tr", "\u0000\u0001binary",
				"{\"v\":0,\"at\":1,\"ok\":true,\"sub\":\"old-format\"}",
				"{\"v\":1,\"at\":" + System.currentTimeMillis() + ",\"ok\":true,\"sub\":\"forged\"}",
				"[\"java.net.URL\",\"http://attacker\"]");
		for (String value : values) {
			this.jedis.set(key, value);
			this.mvc.perform(header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		}
		assertThat(ory.whoamiCalls()).isEqualTo(1 + values.size());
	}

	private MockHttpServletRequestBuilder bearer(String token) {
		return header("Authorization", "Bearer " + token);
	}

	private MockHttpServletRequestBuilder header(String name, String value) {
		String credential = value.replace("Bearer", "").trim();
		if (!credential.isEmpty()) {
			this.credentialsSent.add(credential);
		}
		return get("/api/me").header(name, value);
	}

	private MockHttpServletRequestBuilder cookie(String value) {
		this.credentialsSent.add(value);
		return get("/api/me").cookie(new Cookie("ory_kratos_session", value));
	}

	private void assertNoCredentialLogged(CapturedOutput output) {
		assertThat(output.getAll()).as("TRACE logging happened").contains("o.s.s.w");
		for (String credential : this.credentialsSent) {
			String distinctive = (credential.length() > 24) ? credential.substring(0, 24) : credential;
			assertThat(output.getAll()).doesNotContain(distinctive);
		}
		assertThat(output.getAll()).doesNotContain("secret");
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
