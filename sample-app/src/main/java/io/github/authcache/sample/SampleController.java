/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.security.SessionPrincipal;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample's API. Sessions and access tokens both arrive as an
 * {@link OAuth2AuthenticatedPrincipal}: a {@link SessionPrincipal} for a Kratos session,
 * Spring Security's introspection principal for a bearer token.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@RestController
@RequestMapping("/api")
public class SampleController {

	private final AuthCacheInvalidator invalidator;

	/**
	 * Create the controller.
	 * @param invalidator the invalidator, for the token revocation endpoint
	 */
	public SampleController(AuthCacheInvalidator invalidator) {
		this.invalidator = invalidator;
	}

	/**
	 * Revoke the bearer token of this request by its JWT id ({@code jti}): the JTI
	 * blacklist rejects it on every instance until it expires, cache hits included.
	 * @param principal the token's principal
	 * @return 204, or 400 when the token has no {@code jti}
	 */
	@PostMapping("/tokens/revoke")
	public ResponseEntity<Void> revokeCurrentToken(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal principal) {
		String jti = principal.getAttribute("jti");
		Object issuer = principal.getAttribute("iss");
		Instant expiresAt = principal.getAttribute("exp");
		if (jti == null || expiresAt == null) {
			return ResponseEntity.badRequest().build();
		}
		this.invalidator.revokeJti((issuer != null) ? issuer.toString() : "", jti, expiresAt);
		return ResponseEntity.noContent().build();
	}

	/**
	 * Answer anyone, with or without a credential.
	 * @return a greeting
	 */
	@GetMapping("/public")
	public Map<String, Object> publicEndpoint() {
		return Map.of("message", "Hello, anyone");
	}

	/**
	 * Describe the authenticated principal.
	 * @param principal the principal
	 * @return the principal as JSON
	 */
	@GetMapping("/me")
	public Map<String, Object> me(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal principal) {
		return describe(principal);
	}

	/**
	 * Describe the authenticated principal, from a cached verdict no older than the
	 * {@code authcache.freshness} rule for {@code /api/admin/**} allows.
	 * @param principal the principal
	 * @return the principal as JSON
	 */
	@GetMapping("/admin/me")
	public Map<String, Object> adminMe(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal principal) {
		return describe(principal);
	}

	private static Map<String, Object> describe(OAuth2AuthenticatedPrincipal principal) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("subject", principal.getName());
		body.put("type", (principal instanceof SessionPrincipal) ? "session" : "token");
		body.put("authorities", authorities(principal));
		if (principal instanceof SessionPrincipal session) {
			body.put("session_id", session.getSessionId());
			body.put("aal", session.getAuthenticatorAssuranceLevel());
			body.put("expires_at", session.getExpiresAt());
			body.put("traits", session.getTraits());
		}
		else {
			body.put("scope", principal.getAttribute("scope"));
			body.put("client_id", principal.getAttribute("client_id"));
			body.put("exp", principal.getAttribute("exp"));
		}
		return body;
	}

	private static List<String> authorities(OAuth2AuthenticatedPrincipal principal) {
		return principal.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

}
