/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.introspection;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityValidator;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The access checks on an introspected token, run on every request, cache hits included
 * (Oathkeeper's GHSA-qvp4-rpmr-xwrr was a cache that skipped them). A token is rejected
 * when its {@code token_use} is not {@code access_token} (Hydra answers
 * {@code active: true} for refresh tokens), when it lacks the required audience, when its
 * issuer is not trusted, or when it lacks a required scope.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class IntrospectionValidator implements IdentityValidator {

	private static final String ACCESS_TOKEN = "access_token";

	private static final String BEARER = "Bearer";

	private static final String DPOP = "DPoP";

	private final Set<String> requiredAudiences;

	private final Set<String> trustedIssuers;

	private final Set<String> requiredScopes;

	/**
	 * Create a validator that only checks {@code token_use}.
	 */
	public IntrospectionValidator() {
		this(Set.of(), Set.of(), Set.of());
	}

	/**
	 * Create a validator.
	 * @param requiredAudiences audiences the token must all carry (empty: not checked)
	 * @param trustedIssuers issuers of which the token's must be one (empty: not checked)
	 * @param requiredScopes scopes the token must all carry (empty: not checked)
	 */
	public IntrospectionValidator(Collection<String> requiredAudiences, Collection<String> trustedIssuers,
			Collection<String> requiredScopes) {
		Assert.notNull(requiredAudiences, "'requiredAudiences' must not be null");
		Assert.notNull(trustedIssuers, "'trustedIssuers' must not be null");
		Assert.notNull(requiredScopes, "'requiredScopes' must not be null");
		this.requiredAudiences = Set.copyOf(requiredAudiences);
		this.trustedIssuers = Set.copyOf(trustedIssuers);
		this.requiredScopes = Set.copyOf(requiredScopes);
	}

	@Override
	public @Nullable String validate(Identity identity) {
		if (!isAccessToken(identity)) {
			return "The token is not an access token";
		}
		if (!this.requiredAudiences.isEmpty() && !audiences(identity).containsAll(this.requiredAudiences)) {
			return "The token is not meant for this audience";
		}
		if (!this.trustedIssuers.isEmpty()
				&& !this.trustedIssuers.contains(identity.attributes().get(IntrospectionClaims.ISS))) {
			return "The token's issuer is not trusted";
		}
		if (!this.requiredScopes.isEmpty() && !scopes(identity).containsAll(this.requiredScopes)) {
			return "The token lacks a required scope";
		}
		return null;
	}

	private static boolean isAccessToken(Identity identity) {
		Object tokenUse = identity.attributes().get(IntrospectionClaims.TOKEN_USE);
		if (tokenUse != null) {
			return ACCESS_TOKEN.equals(tokenUse);
		}
		// Keycloak names a DPoP-bound access token's type DPoP (RFC 9449)
		return (identity.attributes().get(IntrospectionClaims.TOKEN_TYPE) instanceof String tokenType)
				&& (BEARER.equalsIgnoreCase(tokenType) || DPOP.equalsIgnoreCase(tokenType));
	}

	private static Collection<?> audiences(Identity identity) {
		Object aud = identity.attributes().get(IntrospectionClaims.AUD);
		if (aud instanceof Collection<?> collection) {
			return collection;
		}
		return (aud != null) ? List.of(aud) : List.of();
	}

	private static Collection<String> scopes(Identity identity) {
		Object scope = identity.attributes().get(IntrospectionClaims.SCOPE);
		return (scope instanceof String value) ? IntrospectionClaims.scopes(value) : List.of();
	}

}
