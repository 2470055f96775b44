/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.IdentityValidator;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.resolver.introspection.IntrospectionClaims;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.Assert;

/**
 * Verifies JWT access tokens locally with a {@link JwtDecoder} (signature against the
 * issuer's JWKS, expiry, issuer), so an application can skip introspection and still
 * revoke: its answers are not cached ({@link #isCacheable()}), but every request is
 * checked against the revocation marks, the JTI blacklist included, which costs one Redis
 * round trip.
 * <p>
 * A token that does not verify is inactive; a decoder that cannot fetch the keys gives no
 * verdict. Scopes come from {@code scp} (a list, Hydra's default) or {@code scope} (a
 * space-separated string) and become {@code SCOPE_…} authorities. A verified token is an
 * access token by construction (it is signed with the access token key), so it is marked
 * {@code token_type: Bearer} for the validators.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class JwtAccessTokenResolver implements IdentityResolver {

	private final JwtDecoder decoder;

	private IdentityValidator validator = IdentityValidator.acceptAll();

	/**
	 * Create a resolver.
	 * @param decoder the decoder, with the validators of the issuer, audience and times
	 * it should apply
	 */
	public JwtAccessTokenResolver(JwtDecoder decoder) {
		Assert.notNull(decoder, "'decoder' must not be null");
		this.decoder = decoder;
	}

	/**
	 * Set further checks to run on every request (required audience, scopes). Defaults to
	 * none.
	 * @param validator the validator
	 */
	public void setValidator(IdentityValidator validator) {
		Assert.notNull(validator, "'validator' must not be null");
		this.validator = validator;
	}

	@Override
	public boolean supports(CredentialType type) {
		return type == CredentialType.ACCESS_TOKEN;
	}

	@Override
	public boolean isCacheable() {
		return false;
	}

	@Override
	public IdentityValidator validator() {
		return this.validator;
	}

	@Override
	public Resolution resolve(Credential credential) {
		Jwt jwt;
		try {
			jwt = this.decoder.decode(credential.value());
		}
		catch (BadJwtException ex) {
			return new Resolution.Inactive();
		}
		catch (JwtException ex) {
			throw new UpstreamUnavailableException("The JWT could not be verified: " + ex.getClass().getSimpleName(),
					null, ex);
		}
		String subject = (jwt.getSubject() != null) ? jwt.getSubject() : jwt.getClaimAsString("client_id");
		if (subject == null) {
			return new Resolution.Inactive();
		}
		Map<String, Object> attributes = new LinkedHashMap<>();
		jwt.getClaims().forEach((name, value) -> attributes.put(name, jsonValue(value)));
		attributes.put(IntrospectionClaims.TOKEN_TYPE, "Bearer");
		List<String> scopes = scopes(jwt);
		attributes.put(IntrospectionClaims.SCOPE, String.join(" ", scopes));
		List<String> authorities = scopes.stream().map((scope) -> "SCOPE_" + scope).toList();
		return new Resolution.Active(new Identity(subject, jwt.getClaimAsString(IntrospectionClaims.SID), jwt.getId(),
				jwt.getExpiresAt(), authorities, attributes));
	}

	private static List<String> scopes(Jwt jwt) {
		Object scp = jwt.getClaims().get("scp");
		if (scp instanceof Collection<?> list) {
			List<String> scopes = new ArrayList<>();
			list.forEach((scope) -> scopes.add(String.valueOf(scope)));
			return scopes;
		}
		String scope = jwt.getClaimAsString(IntrospectionClaims.SCOPE);
		return (scope != null) ? IntrospectionClaims.scopes(scope) : List.of();
	}

	private static Object jsonValue(Object value) {
		return (value instanceof Instant instant) ? instant.getEpochSecond() : value;
	}

}
