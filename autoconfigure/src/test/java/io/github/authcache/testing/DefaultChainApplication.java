/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with no security configuration of its own: the security filter chain is
 * the one authcache auto-configures, and {@code GET /api/me} answers {@code me}.
 *
 * @author authcache authors
 * @see AuthenticatedApplication
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DefaultChainApplication.MeController.class)
public class DefaultChainApplication {

	@RestController
	static class MeController {

		@GetMapping("/api/me")
		String me() {
			return "me";
		}

	}

}
