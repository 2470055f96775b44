/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.kratos.KratosAttributes;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * Maps a Kratos session's authentication methods and assurance level to Spring Security's
 * factor authorities ({@link FactorGrantedAuthority}), so multi-factor rules
 * ({@code RequiredFactor}, {@code AuthorizationManagerFactories.multiFactor()},
 * {@code @PreAuthorize("hasAuthority('FACTOR_PASSWORD')")}) apply to Kratos sessions.
 * <ul>
 * <li>{@code password}: {@link FactorGrantedAuthority#PASSWORD_AUTHORITY};
 * {@code webauthn} and {@code passkey}:
 * {@link FactorGrantedAuthority#WEBAUTHN_AUTHORITY}; {@code code} (a one-time code by
 * email or SMS): {@link FactorGrantedAuthority#OTT_AUTHORITY}; {@code oidc}:
 * {@link FactorGrantedAuthority#AUTHORIZATION_CODE_AUTHORITY}; {@code saml}:
 * {@link FactorGrantedAuthority#SAML_RESPONSE_AUTHORITY};</li>
 * <li>any other method, {@code FACTOR_} and its name in upper case: {@code totp} is
 * {@value #TOTP_AUTHORITY}, {@code lookup_secret} is {@code FACTOR_LOOKUP_SECRET};</li>
 * <li>the assurance level {@code aalN}: {@code FACTOR_AAL1} up to {@code FACTOR_AALN}, so
 * an aal2 session satisfies a rule that asks for {@value #AAL2_AUTHORITY}.</li>
 * </ul>
 * Each factor is issued at the session's {@code authenticated_at} (Kratos gives the
 * methods' own completion times only in the whoami body, which the cache does not keep),
 * so a {@code RequiredFactor} with a valid duration asks for a recent login.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class KratosFactorAuthorities {

	/**
	 * The authority of a TOTP second factor.
	 */
	public static final String TOTP_AUTHORITY = "FACTOR_TOTP";

	/**
	 * The authority of a session at assurance level 2 or higher.
	 */
	public static final String AAL2_AUTHORITY = "FACTOR_AAL2";

	private static final Map<String, String> KNOWN = Map.of("password", FactorGrantedAuthority.PASSWORD_AUTHORITY,
			"webauthn", FactorGrantedAuthority.WEBAUTHN_AUTHORITY, "passkey", FactorGrantedAuthority.WEBAUTHN_AUTHORITY,
			"code", FactorGrantedAuthority.OTT_AUTHORITY, "oidc", FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY,
			"saml", FactorGrantedAuthority.SAML_RESPONSE_AUTHORITY);

	private static final String AAL_PREFIX = "aal";

	private KratosFactorAuthorities() {
	}

	/**
	 * Return the factor authorities of a session identity.
	 * @param identity the identity a Kratos session resolved to
	 * @return the factor authorities, none when the identity carries no methods or level
	 */
	public static List<GrantedAuthority> of(Identity identity) {
		Map<String, Object> attributes = identity.attributes();
		Instant issuedAt = (attributes.get(KratosAttributes.AUTHENTICATED_AT) instanceof Number seconds)
				? Instant.ofEpochSecond(seconds.longValue()) : null;
		Set<String> authorities = new LinkedHashSet<>();
		if (attributes.get(KratosAttributes.METHODS) instanceof List<?> methods) {
			for (Object method : methods) {
				String name = String.valueOf(method).toLowerCase(Locale.ROOT);
				String known = KNOWN.get(name);
				// Built only for an unknown method (a getOrDefault would build it each
				// time)
				authorities.add((known != null) ? known : "FACTOR_" + name.toUpperCase(Locale.ROOT));
			}
		}
		if (attributes.get(KratosAttributes.AAL) instanceof String aal && aal.startsWith(AAL_PREFIX)) {
			for (int level = 1; level <= level(aal); level++) {
				authorities.add("FACTOR_AAL" + level);
			}
		}
		List<GrantedAuthority> factors = new ArrayList<>();
		for (String authority : authorities) {
			FactorGrantedAuthority.Builder factor = FactorGrantedAuthority.withAuthority(authority);
			if (issuedAt != null) {
				factor.issuedAt(issuedAt);
			}
			factors.add(factor.build());
		}
		return factors;
	}

	private static int level(String aal) {
		try {
			return Integer.parseInt(aal.substring(AAL_PREFIX.length()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
