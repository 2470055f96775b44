/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.test;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static io.github.authcache.security.AuthCacheConfigurer.authCache;
import static io.github.authcache.security.test.AuthCacheRequestPostProcessors.bearerToken;
import static io.github.authcache.security.test.AuthCacheRequestPostProcessors.kratosSession;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.config.Customizer.withDefaults;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code @WebMvcTest} of a controller behind authcache, as an application writes it: no
 * Redis (the configured port has no server), no identity provider, the requests
 * authenticated by {@link AuthCacheRequestPostProcessors}.
 *
 * @author authcache authors
 */
@WebMvcTest(properties = { "authcache.kratos.base-url=http://127.0.0.1:1", "spring.data.redis.port=1" })
@ContextConfiguration(classes = { AuthCacheRequestPostProcessorsTests.SecurityConfiguration.class,
		AuthCacheRequestPostProcessorsTests.ThingsController.class })
class AuthCacheRequestPostProcessorsTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void kratosSessionAuthenticatesAsTheIdentityWithItsPasswordFactor() throws Exception {
		this.mvc.perform(get("/me").with(kratosSession("identity-1")))
			.andExpect(status().isOk())
			.andExpect(content().string("identity-1 SessionAuthentication"));
		this.mvc.perform(get("/password").with(kratosSession("identity-1"))).andExpect(status().isOk());
	}

	@Test
	void bearerTokenAuthenticatesWithItsScopes() throws Exception {
		this.mvc.perform(get("/things").with(bearerToken("client-1", "read")))
			.andExpect(status().isOk())
			.andExpect(content().string("client-1 BearerTokenAuthentication"));
	}

	@Test
	void bearerTokenWithoutTheScopeIsInsufficientScope() throws Exception {
		this.mvc.perform(get("/things").with(bearerToken("client-1", "write")))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("insufficient_scope")));
	}

	@Test
	void requestWithoutAPostProcessorIsAnonymous() throws Exception {
		this.mvc.perform(get("/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer resource_metadata=\"http://localhost/.well-known/oauth-protected-resource\""));
		this.mvc.perform(get("/me").cookie(new Cookie("ory_kratos_session", "MTYreal")))
			.andExpect(status().isUnauthorized());
	}

	@Configuration(proxyBeanMethods = false)
	static class SecurityConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/things")
				.hasAuthority("SCOPE_read")
				.requestMatchers("/password")
				.hasAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
				.anyRequest()
				.authenticated());
			http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.with(authCache(), withDefaults());
			return http.build();
		}

	}

	@RestController
	static class ThingsController {

		@GetMapping({ "/me", "/things", "/password" })
		String me(Authentication authentication) {
			return authentication.getName() + " " + authentication.getClass().getSimpleName();
		}

	}

}
