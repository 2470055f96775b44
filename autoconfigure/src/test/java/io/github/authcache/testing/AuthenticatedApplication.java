/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import io.github.authcache.security.AuthCacheConfigurer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * The smallest application behind authcache: every request must be authenticated, and
 * {@code GET /api/me} answers the name of who it was.
 *
 * @author authcache authors
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AuthenticatedApplication.MeController.class)
public class AuthenticatedApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.with(AuthCacheConfigurer.authCache(), withDefaults());
		return http.build();
	}

	@RestController
	static class MeController {

		@GetMapping("/api/me")
		String me(Authentication authentication) {
			return authentication.getName();
		}

	}

}
