/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.util.List;
import java.util.Map;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.testing.WebIntegrationTests;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authorization.AuthorizationManagerFactories;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What {@code http.with(authCache(), …)} gives a bearer request, next to what
 * {@code oauth2ResourceServer().opaqueToken()} gives on the same Spring Security
 * ({@code /rs/**}, with the cache-backed introspector): the {@code FACTOR_BEARER}
 * authority and the rules built on it, the {@code WWW-Authenticate} challenges with
 * {@code resource_metadata}, and the RFC 9728 protected resource metadata.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = OpaqueTokenParityIntegrationTests.TestApplication.class)
class OpaqueTokenParityIntegrationTests extends WebIntegrationTests {

	private static final String BARE_CHALLENGE = "Bearer resource_metadata=\"http://localhost/.well-known/oauth-protected-resource\"";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("authcache.introspection.trusted-issuers", () -> ory.baseUrl() + "/");
	}

	@Test
	void bearerTokenHasTheResourceServersAuthoritiesIncludingTheBearerFactor() throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().scopes("read").build());
		List<String> resourceServer = authorities(bearer("/rs/me", token).andExpect(status().isOk()).andReturn());
		List<String> authCache = authorities(bearer("/api/me", token).andExpect(status().isOk()).andReturn());
		assertThat(authCache).containsExactly("SCOPE_read", FactorGrantedAuthority.BEARER_AUTHORITY)
			.containsExactlyInAnyOrderElementsOf(resourceServer);
	}

	@Test
	void ruleRequiringTheBearerFactorAdmitsABearerTokenAndChallengesASession() throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().scopes("read").build());
		bearer("/rs/bearer-factor", token).andExpect(status().isOk());
		bearer("/api/bearer-factor", token).andExpect(status().isOk());
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").cookie(new Cookie("ory_kratos_session", session.cookieValue())))
			.andExpect(status().isOk());
		this.mvc.perform(get("/api/bearer-factor").cookie(new Cookie("ory_kratos_session", session.cookieValue())))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, BARE_CHALLENGE));
	}

	@Test
	void challengeWithoutCredentialIsTheResourceServers() throws Exception {
		this.mvc.perform(get("/rs/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, BARE_CHALLENGE));
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, BARE_CHALLENGE));
	}

	@Test
	void challengeForARejectedTokenIsTheResourceServers() throws Exception {
		String resourceServer = this.mvc.perform(get("/rs/me").header(HttpHeaders.AUTHORIZATION, "Bearer ory_at_x.y"))
			.andExpect(status().isUnauthorized())
			.andReturn()
			.getResponse()
			.getHeader(HttpHeaders.WWW_AUTHENTICATE);
		assertThat(resourceServer).startsWith("Bearer error=\"invalid_token\", error_description=\"")
			.endsWith("resource_metadata=\"http://localhost/.well-known/oauth-protected-resource\"");
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer ory_at_x.y"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, resourceServer));
	}

	@Test
	void refusedSessionIsChallengedWithInvalidToken() throws Exception {
		String challenge = "Bearer error=\"invalid_token\", error_description=\"%s\", "
				+ "error_uri=\"https://tools.ietf.org/html/rfc6750#section-3.1\", "
				+ "resource_metadata=\"http://localhost/.well-known/oauth-protected-resource\"";
		this.mvc.perform(get("/api/me").cookie(new Cookie("ory_kratos_session", "unknown-cookie")))
			.andExpect(status().isUnauthorized())
			.andExpect(
					header().string(HttpHeaders.WWW_AUTHENTICATE, challenge.formatted("The credential is not active")));
		this.mvc.perform(get("/api/me").header("X-Session-Token", "ory_st_unknown"))
			.andExpect(status().isUnauthorized())
			.andExpect(
					header().string(HttpHeaders.WWW_AUTHENTICATE, challenge.formatted("The credential is not active")));
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void protectedResourceMetadataNamesTheTrustedIssuers() throws Exception {
		this.mvc.perform(get("/.well-known/oauth-protected-resource"))
			.andExpect(status().isOk())
			.andExpect(content().json("""
					{"resource": "http://localhost", "authorization_servers": ["%s/"], "scopes_supported": ["read"],
					"bearer_methods_supported": ["header"], "tls_client_certificate_bound_access_tokens": true,
					"resource_name": "Orders"}""".formatted(ory.baseUrl()), JsonCompareMode.STRICT));
		assertThat(ory.whoamiCalls() + ory.introspectCalls()).isZero();
	}

	private ResultActions bearer(String path, OAuth2TokenSpec token) throws Exception {
		return this.mvc.perform(get(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token.token()));
	}

	@SuppressWarnings("unchecked")
	private static List<String> authorities(MvcResult result) throws Exception {
		return (List<String>) JsonMapper.shared()
			.readValue(result.getResponse().getContentAsString(), Map.class)
			.get("authorities");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		private static final AuthorizationManagerFactory<RequestAuthorizationContext> BEARER_FACTOR = AuthorizationManagerFactories
			.<RequestAuthorizationContext>multiFactor()
			.requireFactors(FactorGrantedAuthority.BEARER_AUTHORITY)
			.build();

		@Bean
		@Order(1)
		SecurityFilterChain resourceServerChain(HttpSecurity http, AuthCacheOpaqueTokenIntrospector introspector) {
			http.securityMatcher("/rs/**");
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/rs/bearer-factor")
				.access(BEARER_FACTOR.authenticated())
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
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/bearer-factor")
				.access(BEARER_FACTOR.authenticated())
				.anyRequest()
				.authenticated());
			http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.with(AuthCacheConfigurer.authCache(), (authCache) -> authCache
				.protectedResourceMetadataCustomizer((metadata) -> metadata.resourceName("Orders")));
			return http.build();
		}

		@Bean
		ProtectedResourceMetadataCustomizer scopes() {
			return (metadata) -> metadata.scope("read");
		}

	}

	@RestController
	static class TestController {

		@GetMapping({ "/rs/me", "/rs/bearer-factor", "/api/me", "/api/bearer-factor" })
		Map<String, Object> me(Authentication authentication) {
			return Map.of("authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		}

	}

}
