/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialKind;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.StepUpRequiredException;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.resolver.introspection.IntrospectionClaims;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.util.Assert;

/**
 * Authenticates a {@link CredentialAuthenticationToken} through the
 * {@link CredentialCache}.
 * <ul>
 * <li>An access token becomes Spring Security's own {@link BearerTokenAuthentication}
 * with an {@link OAuth2IntrospectionAuthenticatedPrincipal}, so code written for
 * {@code oauth2ResourceServer().opaqueToken()} works unchanged; scopes are
 * {@code SCOPE_…} authorities.</li>
 * <li>A session becomes a {@link SessionAuthentication}.</li>
 * <li>A rejected credential raises {@link InvalidBearerTokenException} (access tokens) or
 * {@link BadCredentialsException} (sessions): 401.</li>
 * <li>An upstream without a verdict raises {@link IdentityProviderUnavailableException}:
 * 503.</li>
 * <li>A required step-up raises {@link StepUpRequiredAuthenticationException}: 403.</li>
 * </ul>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheAuthenticationProvider implements AuthenticationProvider {

	private final CredentialCache cache;

	/**
	 * Create a provider on the given cache.
	 * @param cache the credential cache
	 */
	public AuthCacheAuthenticationProvider(CredentialCache cache) {
		Assert.notNull(cache, "'cache' must not be null");
		this.cache = cache;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		CredentialAuthenticationToken request = (CredentialAuthenticationToken) authentication;
		Credential credential = request.getCredential();
		CacheLookup lookup;
		try {
			lookup = this.cache.lookup(credential, request.getMaxAge());
		}
		catch (UpstreamUnavailableException ex) {
			throw new IdentityProviderUnavailableException("The identity provider is unavailable", ex.getRetryAfter(),
					ex);
		}
		catch (StepUpRequiredException ex) {
			throw new StepUpRequiredAuthenticationException(ex.getRedirectTo(), ex.getResponseBody());
		}
		if (lookup instanceof CacheLookup.Rejected rejected) {
			throw (credential.kind() == CredentialKind.TOKEN) ? new InvalidBearerTokenException(rejected.reason())
					: new BadCredentialsException(rejected.reason());
		}
		CacheLookup.Authenticated authenticated = (CacheLookup.Authenticated) lookup;
		AbstractAuthenticationToken result = (credential.kind() == CredentialKind.TOKEN)
				? bearerTokenAuthentication(credential, authenticated.identity())
				: new SessionAuthentication(new SessionPrincipal(authenticated.identity()), authenticated.setCookies());
		result.setDetails(request.getDetails());
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return CredentialAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static BearerTokenAuthentication bearerTokenAuthentication(Credential credential, Identity identity) {
		Collection<GrantedAuthority> authorities = AuthorityUtils.createAuthorityList(identity.authorities());
		Map<String, Object> claims = claims(identity);
		OAuth2IntrospectionAuthenticatedPrincipal principal = new OAuth2IntrospectionAuthenticatedPrincipal(
				identity.subject(), claims, authorities);
		Instant issuedAt = (claims.get(IntrospectionClaims.IAT) instanceof Instant iat) ? iat : null;
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, credential.value(),
				issuedAt, identity.expiresAt());
		return new BearerTokenAuthentication(principal, token, authorities);
	}

	/**
	 * Rebuild the claims Spring Security's own introspector produces from the cached
	 * projection: {@code sub} and {@code exp} from the identity, times as
	 * {@link Instant}, the scope and the audience as lists.
	 * @param identity the cached identity
	 * @return the claims
	 */
	private static Map<String, Object> claims(Identity identity) {
		Map<String, Object> claims = new LinkedHashMap<>(identity.attributes());
		claims.putIfAbsent(IntrospectionClaims.SUB, identity.subject());
		if (identity.expiresAt() != null) {
			claims.putIfAbsent(IntrospectionClaims.EXP, identity.expiresAt().getEpochSecond());
		}
		for (String time : List.of(IntrospectionClaims.EXP, IntrospectionClaims.IAT, IntrospectionClaims.NBF)) {
			if (claims.get(time) instanceof Number seconds) {
				claims.put(time, Instant.ofEpochSecond(seconds.longValue()));
			}
		}
		if (claims.get(IntrospectionClaims.SCOPE) instanceof String scope) {
			claims.put(IntrospectionClaims.SCOPE, IntrospectionClaims.scopes(scope));
		}
		if (claims.get(IntrospectionClaims.AUD) instanceof String audience) {
			claims.put(IntrospectionClaims.AUD, List.of(audience));
		}
		return claims;
	}

}
