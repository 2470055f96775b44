/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.time.Clock;
import java.time.Instant;
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
 * issuer's JWKS, expiry, issuer, audience, and that it is an access token: see
 * {@link AccessTokenTypeValidator}), so an application can skip introspection and still
 * revoke: its answers are not cached ({@link #isCacheable()}), but every request is
 * checked against the revocation marks, the JTI blacklist included, which costs one Redis
 * round trip.
 * <p>
 * A token that does not verify is inactive (the reason at DEBUG, and a rate-limited WARN
 * when no token passes the issuer and audience checks); a decoder that cannot fetch the
 * keys gives no verdict. The authorities come from a {@link JwtAuthoritiesConverter}
 * (scopes and Keycloak roles by default). The client is {@code client_id}, or {@code azp}
 * (Keycloak) without one. A verified token is marked {@code token_type: Bearer} for the
 * validators.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class JwtAccessTokenResolver implements IdentityResolver {

	private static final String CLIENT_ID = "client_id";

	private final JwtDecoder decoder;

	private final JwtFailureDiagnostics diagnostics = new JwtFailureDiagnostics(Clock.systemUTC());

	private IdentityValidator validator = IdentityValidator.acceptAll();

	private JwtAuthoritiesConverter authoritiesConverter = new StandardJwtAuthoritiesConverter();

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

	/**
	 * Set how a token's authorities are derived. Defaults to
	 * {@link StandardJwtAuthoritiesConverter}.
	 * @param authoritiesConverter the converter
	 */
	public void setAuthoritiesConverter(JwtAuthoritiesConverter authoritiesConverter) {
		Assert.notNull(authoritiesConverter, "'authoritiesConverter' must not be null");
		this.authoritiesConverter = authoritiesConverter;
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
			this.diagnostics.refused(ex);
			return new Resolution.Inactive();
		}
		catch (JwtException ex) {
			throw new UpstreamUnavailableException("The JWT could not be verified: " + ex.getClass().getSimpleName(),
					null, ex);
		}
		this.diagnostics.accepted();
		String clientId = (jwt.getClaimAsString(CLIENT_ID) != null) ? jwt.getClaimAsString(CLIENT_ID)
				: jwt.getClaimAsString("azp");
		String subject = (jwt.getSubject() != null) ? jwt.getSubject() : clientId;
		if (subject == null) {
			return new Resolution.Inactive();
		}
		Map<String, Object> attributes = new LinkedHashMap<>();
		jwt.getClaims().forEach((name, value) -> attributes.put(name, jsonValue(value)));
		if (clientId != null) {
			attributes.put(CLIENT_ID, clientId);
		}
		attributes.put(IntrospectionClaims.TOKEN_TYPE, "Bearer");
		attributes.put(IntrospectionClaims.SCOPE, String.join(" ", StandardJwtAuthoritiesConverter.scopes(jwt)));
		Collection<String> authorities = this.authoritiesConverter.convert(jwt);
		return new Resolution.Active(new Identity(subject, jwt.getClaimAsString(IntrospectionClaims.SID), jwt.getId(),
				jwt.getExpiresAt(), (authorities != null) ? List.copyOf(authorities) : List.of(), attributes));
	}

	private static Object jsonValue(Object value) {
		return (value instanceof Instant instant) ? instant.getEpochSecond() : value;
	}

}
