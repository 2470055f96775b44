/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Accepts access tokens only. Identity providers (Ory Hydra, Keycloak) sign ID tokens,
 * logout tokens and access tokens with the same keys and issuer, so a signature proves
 * nothing about the kind of token:
 * <ul>
 * <li>the header {@code typ} must be {@code at+jwt} or {@code application/at+jwt} (RFC
 * 9068), {@code JWT}, or absent; any other type ({@code logout+jwt}, an ID token type) is
 * refused;</li>
 * <li>a {@code typ} claim, the issuer's own marker, must be {@code Bearer} (Keycloak
 * marks ID tokens {@code ID}, refresh tokens {@code Refresh});</li>
 * <li>the claims of an ID token ({@code nonce}, {@code at_hash}, {@code c_hash},
 * {@code s_hash}) or of a logout token ({@code events}) are refused;</li>
 * <li>{@code exp} and {@code iat} are required: a token that never expires is refused,
 * and so is one that could not be placed before or after a revocation.</li>
 * </ul>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AccessTokenTypeValidator implements OAuth2TokenValidator<Jwt> {

	private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("at+jwt", "application/at+jwt", "jwt");

	private static final List<String> ID_TOKEN_CLAIMS = List.of("nonce", "at_hash", "c_hash", "s_hash");

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		Object type = jwt.getHeaders().get("typ");
		if (type != null && !ACCESS_TOKEN_TYPES.contains(type.toString().toLowerCase())) {
			return failure("The token type " + type + " is not an access token");
		}
		Object typeClaim = jwt.getClaims().get("typ");
		if (typeClaim != null && !"bearer".equalsIgnoreCase(typeClaim.toString())) {
			return failure("The token is marked " + typeClaim + ", not Bearer");
		}
		for (String claim : ID_TOKEN_CLAIMS) {
			if (jwt.hasClaim(claim)) {
				return failure("The token carries " + claim + ": an ID token");
			}
		}
		if (jwt.hasClaim("events")) {
			return failure("The token carries events: a logout or security event token");
		}
		if (jwt.getExpiresAt() == null) {
			return failure("The token has no exp");
		}
		if (jwt.getIssuedAt() == null) {
			return failure("The token has no iat");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

}
