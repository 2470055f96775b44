/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.resolver.Identity;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuthCacheAuthentications}.
 *
 * @author authcache authors
 */
class AuthCacheAuthenticationsTests {

	private static final Instant EXPIRES_AT = Instant.ofEpochSecond(1_800_000_000L);

	@Test
	void bearerTokenHasTheClaimsSpringSecuritysIntrospectorGives() {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("scope", " openid \t offline_access\nprofile ");
		attributes.put("client_id", "app");
		attributes.put("iat", 1_700_000_000L);
		attributes.put("nbf", 1_700_000_001L);
		attributes.put("aud", "https://api.example.org");
		attributes.put("iss", "https://issuer.example.org/");
		Identity identity = new Identity("user-1", null, null, EXPIRES_AT, List.of("SCOPE_openid"), attributes);
		BearerTokenAuthentication authentication = AuthCacheAuthentications.bearerToken("ory_at_token", identity);
		assertThat(authentication.getTokenAttributes()).containsExactly(
				Map.entry("scope", List.of("openid", "offline_access", "profile")), Map.entry("client_id", "app"),
				Map.entry("iat", Instant.ofEpochSecond(1_700_000_000L)),
				Map.entry("nbf", Instant.ofEpochSecond(1_700_000_001L)),
				Map.entry("aud", List.of("https://api.example.org")), Map.entry("iss", "https://issuer.example.org/"),
				Map.entry("sub", "user-1"), Map.entry("exp", EXPIRES_AT));
		assertThat(authentication.getName()).isEqualTo("user-1");
		assertThat(authentication.getToken().getTokenValue()).isEqualTo("ory_at_token");
		assertThat(authentication.getToken().getIssuedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
		assertThat(authentication.getToken().getExpiresAt()).isEqualTo(EXPIRES_AT);
		assertThat(AuthorityUtils.authorityListToSet(authentication.getAuthorities())).containsExactly("SCOPE_openid",
				FactorGrantedAuthority.BEARER_AUTHORITY);
		// The cached identity is not changed
		assertThat(identity.attributes()).containsEntry("iat", 1_700_000_000L)
			.containsEntry("scope", " openid \t offline_access\nprofile ")
			.doesNotContainKeys("sub", "exp");
	}

	@Test
	void bearerTokenCarriesTheBearerFactorIssuedNowAsOpaqueTokenDoes() {
		Identity identity = new Identity("user-1", null, null, EXPIRES_AT, List.of("SCOPE_read"), Map.of());
		Instant before = Instant.now();
		BearerTokenAuthentication authentication = AuthCacheAuthentications.bearerToken("ory_at_token", identity);
		assertThat(authentication.getAuthorities()).filteredOn(FactorGrantedAuthority.class::isInstance)
			.singleElement()
			.satisfies((factor) -> {
				assertThat(factor.getAuthority()).isEqualTo(FactorGrantedAuthority.BEARER_AUTHORITY);
				assertThat(((FactorGrantedAuthority) factor).getIssuedAt()).isBetween(before, Instant.now());
			});
		// As OpaqueTokenAuthenticationProvider: the factor is the authentication's, not
		// the principal's (an introspector's principal never has it)
		assertThat(AuthorityUtils
			.authorityListToSet(((OAuth2AuthenticatedPrincipal) authentication.getPrincipal()).getAuthorities()))
			.containsExactly("SCOPE_read");
	}

	@Test
	void bearerTokenKeepsTheIdentitysOwnSubjectAndExpiryClaims() {
		Identity identity = new Identity("user-1", null, null, EXPIRES_AT, List.of(),
				Map.of("sub", "user-1", "exp", 1_800_000_001L, "scope", " ", "aud", List.of("a", "b")));
		assertThat(AuthCacheAuthentications.bearerToken("ory_at_token", identity).getTokenAttributes())
			.containsEntry("exp", Instant.ofEpochSecond(1_800_000_001L))
			.containsEntry("scope", List.of())
			.containsEntry("aud", List.of("a", "b"));
	}

	@Test
	void sessionHasTheIdentitysAuthoritiesThenItsFactors() {
		Identity identity = new Identity("user-1", "session-1", null, EXPIRES_AT, List.of("ROLE_ADMIN"),
				Map.of("aal", "aal2", "authenticated_at", 1_700_000_000L, "methods", List.of("password", "totp")));
		SessionAuthentication authentication = AuthCacheAuthentications.session(identity, List.of("a=b"));
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_ADMIN", "FACTOR_PASSWORD", "FACTOR_TOTP", "FACTOR_AAL1", "FACTOR_AAL2");
		assertThat(authentication.getPrincipal().getSessionId()).isEqualTo("session-1");
		assertThat(authentication.getSetCookies()).containsExactly("a=b");
	}

}
