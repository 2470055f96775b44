/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.aot;

import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with authcache's default security chain, processed ahead of time by
 * {@link AotProcessedApplicationTests}.
 *
 * @author authcache authors
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AotApplication.AuthoritiesController.class)
public class AotApplication {

	public static void main(String[] args) {
		SpringApplication.run(AotApplication.class, args);
	}

	@RestController
	static class AuthoritiesController {

		@GetMapping("/authorities")
		List<String> authorities(Authentication authentication) {
			return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
		}

	}

}
