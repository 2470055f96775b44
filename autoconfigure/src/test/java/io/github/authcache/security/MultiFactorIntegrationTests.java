/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.testing.WebIntegrationTests;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthorizationManagerFactories;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.security.config.Customizer.withDefaults;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Kratos sessions under Spring Security 7's multi-factor rules: the session's
 * authentication methods (the stub sends {@code password}, and {@code totp} at aal2) and
 * its assurance level are factor authorities.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = MultiFactorIntegrationTests.TestApplication.class)
class MultiFactorIntegrationTests extends WebIntegrationTests {

	@Test
	void passwordOnlySessionIsDeniedWhereTotpIsRequired() throws Exception {
		KratosSessionSpec session = ory.registerSession(KratosSessionSpec.builder().aal("aal1").build());
		perform("/password", session).andExpect(status().isOk());
		perform("/mfa", session).andExpect(status().isForbidden());
		perform("/aal2", session).andExpect(status().isForbidden());
	}

	@Test
	void passwordAndTotpSessionPassesTheMultiFactorRules() throws Exception {
		KratosSessionSpec session = ory.registerSession(KratosSessionSpec.builder().aal("aal2").build());
		perform("/password", session).andExpect(status().isOk());
		perform("/mfa", session).andExpect(status().isOk());
		perform("/aal2", session).andExpect(status().isOk());
	}

	private org.springframework.test.web.servlet.ResultActions perform(String path, KratosSessionSpec session)
			throws Exception {
		return this.mvc.perform(get(path).cookie(new Cookie("ory_kratos_session", session.cookieValue())));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableMethodSecurity
	@Import(TestController.class)
	static class TestApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			AuthorizationManagerFactory<RequestAuthorizationContext> mfa = AuthorizationManagerFactories
				.<RequestAuthorizationContext>multiFactor()
				.requireFactors(FactorGrantedAuthority.PASSWORD_AUTHORITY, KratosFactorAuthorities.TOTP_AUTHORITY)
				.build();
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/mfa")
				.access(mfa.authenticated())
				.requestMatchers("/password")
				.hasAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
				.anyRequest()
				.authenticated());
			http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.with(AuthCacheConfigurer.authCache(), withDefaults());
			return http.build();
		}

	}

	@RestController
	static class TestController {

		@GetMapping({ "/mfa", "/password" })
		String ok() {
			return "ok";
		}

		@GetMapping("/aal2")
		@PreAuthorize("hasAuthority('" + KratosFactorAuthorities.AAL2_AUTHORITY + "')")
		String aal2() {
			return "ok";
		}

	}

}
