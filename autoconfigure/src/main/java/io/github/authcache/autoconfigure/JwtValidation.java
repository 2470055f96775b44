/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * Builds the JWT validators configured by properties: times, issuer, audience.
 *
 * @author authcache authors
 */
final class JwtValidation {

	private JwtValidation() {
	}

	/**
	 * Return the validator for the given settings.
	 * @param issuer the issuer the token must carry, if set
	 * @param audiences the audiences
	 * @param requireAll whether the token must carry all audiences (access tokens) or one
	 * of them (logout tokens)
	 * @return the validator
	 */
	static OAuth2TokenValidator<Jwt> validator(@Nullable String issuer, List<String> audiences, boolean requireAll) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators
			.add((issuer != null) ? JwtValidators.createDefaultWithIssuer(issuer) : JwtValidators.createDefault());
		if (!audiences.isEmpty()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, (aud) -> aud != null
					&& (requireAll ? aud.containsAll(audiences) : aud.stream().anyMatch(audiences::contains))));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
