/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

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
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.config.Customizer.withDefaults;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The migration path from {@code oauth2ResourceServer().opaqueToken()}: the cache-backed
 * {@link AuthCacheOpaqueTokenIntrospector} in a resource server chain ({@code /rs/**}),
 * and the same answers from {@code http.with(authCache(), …)} (everything else),
 * including the {@code insufficient_scope} 403.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = MigrationIntegrationTests.TestApplication.class)
class MigrationIntegrationTests extends WebIntegrationTests {

	@Test
	void opaqueTokenWithTheAuthCacheIntrospectorIntrospectsOncePerToken() throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().scopes("read").build());
		for (int i = 0; i < 3; i++) {
			this.mvc.perform(get("/rs/read").header(HttpHeaders.AUTHORIZATION, "Bearer " + token.token()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.name").value(token.subject()))
				.andExpect(jsonPath("$.type").value("BearerTokenAuthentication"))
				.andExpect(jsonPath("$.authorities", hasItem("SCOPE_read")));
		}
		assertThat(ory.introspectCalls()).isEqualTo(1);
	}

	@Test
	void opaqueTokenWithTheAuthCacheIntrospectorRejectsAnUnknownToken() throws Exception {
		this.mvc.perform(get("/rs/read").header(HttpHeaders.AUTHORIZATION, "Bearer ory_at_unknown.token"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("error=\"invalid_token\"")));
	}

	@Test
	void missingScopeIsTheResourceServersInsufficientScope() throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().scopes("read").build());
		MvcResult resourceServer = this.mvc
			.perform(get("/rs/write").header(HttpHeaders.AUTHORIZATION, "Bearer " + token.token()))
			.andExpect(status().isForbidden())
			.andReturn();
		MvcResult authCache = this.mvc
			.perform(get("/api/write").header(HttpHeaders.AUTHORIZATION, "Bearer " + token.token()))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("error=\"insufficient_scope\"")))
			.andReturn();
		assertThat(authCache.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo(resourceServer.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE));
	}

	@Test
	void sessionWithoutTheAuthorityIsA403WithoutInsufficientScope() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/write").cookie(new Cookie("ory_kratos_session", session.cookieValue())))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, not(containsString("insufficient_scope"))));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		@Bean
		@Order(1)
		SecurityFilterChain resourceServerChain(HttpSecurity http, AuthCacheOpaqueTokenIntrospector introspector) {
			http.securityMatcher("/rs/**");
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/rs/write")
				.hasAuthority("SCOPE_write")
				.anyRequest()
				.authenticated());
			http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.oauth2ResourceServer(
					(resourceServer) -> resourceServer.opaqueToken((opaque) -> opaque.introspector(introspector)));
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain authCacheChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/write")
				.hasAuthority("SCOPE_write")
				.anyRequest()
				.authenticated());
			http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.with(AuthCacheConfigurer.authCache(), withDefaults());
			return http.build();
		}

	}

	@RestController
	static class TestController {

		@GetMapping({ "/rs/read", "/rs/write", "/api/write" })
		Map<String, Object> me(Authentication authentication) {
			return Map.of("name", authentication.getName(), "type", authentication.getClass().getSimpleName(),
					"authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		}

	}

}
