/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.testing.WebIntegrationTests;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.config.Customizer.withDefaults;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Integration tests for the filter, provider and entry point in a Spring Boot
 * application, against a real {@code redis-server} and an Ory stub that follows the wire
 * contract.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AuthCacheFilterIntegrationTests.TestApplication.class)
class AuthCacheFilterIntegrationTests extends WebIntegrationTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("authcache.freshness[/api/admin/**]", () -> "1s");
	}

	@Test
	void requestWhenNoCredentialThenAnonymousAndTheAppDecides() throws Exception {
		this.mvc.perform(get("/api/public")).andExpect(status().isOk());
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate",
					"Bearer resource_metadata=\"http://localhost/.well-known/oauth-protected-resource\""));
		assertThat(ory.whoamiCalls() + ory.introspectCalls()).isZero();
	}

	@Test
	void requestWhenSessionCookieRepeatedThenOneUpstreamCall() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		for (int i = 0; i < 3; i++) {
			this.mvc.perform(get("/api/me").cookie(new Cookie("ory_kratos_session", session.cookieValue())))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.name").value(session.identityId()))
				.andExpect(jsonPath("$.type").value("SessionAuthentication"))
				.andExpect(jsonPath("$.sessionId").value(session.sessionId()))
				.andExpect(jsonPath("$.aal").value("aal1"));
		}
		assertThat(ory.whoamiCalls()).isEqualTo(1);
	}

	@Test
	void requestWhenSessionTokenAsHeaderOrBearerThenSameEntry() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value(session.identityId()));
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + session.requiredToken()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.type").value("SessionAuthentication"));
		assertThat(ory.whoamiCalls()).isEqualTo(1);
	}

	@Test
	void requestWhenAccessTokenThenBearerTokenAuthenticationWithScopeAuthorities() throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().scopes("read", "write").build());
		for (int i = 0; i < 2; i++) {
			this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token.token()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.name").value(token.subject()))
				.andExpect(jsonPath("$.type").value("BearerTokenAuthentication"))
				.andExpect(jsonPath("$.authorities", hasItem("SCOPE_read")))
				.andExpect(jsonPath("$.authorities", hasItem("SCOPE_write")))
				.andExpect(jsonPath("$.clientId").value(token.clientId()));
		}
		assertThat(ory.introspectCalls()).isEqualTo(1);
	}

	@Test
	void requestWhenCredentialRejectedThen401() throws Exception {
		this.mvc.perform(get("/api/me").cookie(new Cookie("ory_kratos_session", "unknown-cookie")))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer ory_at_unknown.token"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_token\"")));
		this.mvc.perform(get("/api/public").header("Authorization", "Bearer ory_at_unknown.token"))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void requestWhenRefreshTokenThen401() throws Exception {
		OAuth2TokenSpec access = OAuth2TokenSpec.builder().build();
		OAuth2TokenSpec refresh = OAuth2TokenSpec.refreshTokenFor(access).build();
		ory.registerTokenPair(access, refresh);
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + refresh.token()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("not an access token")));
	}

	@Test
	void requestWhenMalformedCredentialThen401WithoutAnyCacheOrUpstreamCall() throws Exception {
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + "a".repeat(5000)))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/me").header("X-Session-Token", "ory_st_bad token"))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer a b")).andExpect(status().isUnauthorized());
		assertThat(ory.whoamiCalls() + ory.introspectCalls()).isZero();
		assertThat(this.jedis.keys("*")).allMatch("authcache:epoch"::equals);
	}

	@Test
	void requestWhenAal2RequiredThen403WithTheRedirectHintAndNothingCached() throws Exception {
		KratosSessionSpec session = ory.registerSession(KratosSessionSpec.builder().requiresAal2(true).build());
		for (int i = 0; i < 2; i++) {
			this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.error.id").value("session_aal2_required"))
				.andExpect(jsonPath("$.redirect_browser_to").value(containsString("aal=aal2")));
		}
		assertThat(ory.whoamiCalls()).isEqualTo(2);
		assertThat(this.jedis.keys("*")).allMatch("authcache:epoch"::equals);
	}

	@Test
	void requestWhenUpstreamFailsThen503WithRetryAfterAndNothingCached() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		ory.failWith(502);
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists("Retry-After"));
		ory.reset();
		ory.hang();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isServiceUnavailable());
		assertThat(this.jedis.keys("*")).allMatch("authcache:epoch"::equals);
		ory.reset();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
	}

	@Test
	void requestWhenUpstreamRateLimitsThen503WithItsRetryAfter() throws Exception {
		ory.failWith(429, "application/json", "{\"error\":{\"code\":429}}");
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + ory.registerToken().token()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists("Retry-After"));
	}

	@Test
	void requestWhenWhoamiRotatesTheCookieThenSetCookieIsRelayed() throws Exception {
		KratosSessionSpec session = ory.registerSession(KratosSessionSpec.builder().extended(true).build());
		this.mvc.perform(get("/api/me").cookie(new Cookie("ory_kratos_session", session.cookieValue())))
			.andExpect(status().isOk())
			.andExpect(header().string("Set-Cookie", containsString("ory_kratos_session=")));
	}

	@Test
	void requestWhenRouteDemandsFreshnessThenOlderEntryIsRefreshed() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/admin/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isOk());
		this.mvc.perform(get("/api/admin/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
		Thread.sleep(1100);
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
		ory.revokeSession(session.sessionId());
		this.mvc.perform(get("/api/admin/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isUnauthorized());
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void postWhenHeaderCredentialThenNoCsrfTokenNeededButCookieSessionsKeepCsrf() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(post("/api/things").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("created"));
		this.mvc.perform(post("/api/things").cookie(new Cookie("ory_kratos_session", session.cookieValue())))
			.andExpect(status().isForbidden());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/api/public").permitAll().anyRequest().authenticated());
			http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.with(AuthCacheConfigurer.authCache(), withDefaults());
			return http.build();
		}

	}

	@RestController
	static class TestController {

		@GetMapping("/api/public")
		String publicEndpoint() {
			return "public";
		}

		@GetMapping({ "/api/me", "/api/admin/me" })
		Map<String, Object> me(Authentication authentication) {
			OAuth2AuthenticatedPrincipal principal = (OAuth2AuthenticatedPrincipal) authentication.getPrincipal();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", authentication.getName());
			body.put("type", authentication.getClass().getSimpleName());
			body.put("authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
			if (principal instanceof SessionPrincipal session) {
				body.put("sessionId", session.getSessionId());
				body.put("aal", session.getAuthenticatorAssuranceLevel());
			}
			else {
				body.put("clientId", principal.getAttribute("client_id"));
			}
			return body;
		}

		@PostMapping("/api/things")
		String create() {
			return "created";
		}

	}

}
