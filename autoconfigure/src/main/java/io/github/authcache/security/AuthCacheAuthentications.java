/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.introspection.IntrospectionClaims;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.util.CollectionUtils;

/**
 * Builds the {@code Authentication} authcache gives a resolved identity; the
 * {@link AuthCacheAuthenticationProvider} and the request post-processors for tests use
 * it, so a test sees what production sees.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheAuthentications {

	private static final List<String> TIME_CLAIMS = List.of(IntrospectionClaims.EXP, IntrospectionClaims.IAT,
			IntrospectionClaims.NBF);

	private AuthCacheAuthentications() {
	}

	/**
	 * Return the authentication of a login session.
	 * @param identity the identity the session resolved to
	 * @param setCookies {@code Set-Cookie} values the upstream sent, to relay to the
	 * client
	 * @return the authentication
	 */
	public static SessionAuthentication session(Identity identity, List<String> setCookies) {
		return new SessionAuthentication(new SessionPrincipal(identity), setCookies);
	}

	/**
	 * Return the authentication of an access token: Spring Security's own
	 * {@link BearerTokenAuthentication} with an
	 * {@link OAuth2IntrospectionAuthenticatedPrincipal}, its claims rebuilt as Spring
	 * Security's introspector gives them. The principal has the identity's authorities;
	 * the authentication has them and the {@link FactorGrantedAuthority#BEARER_AUTHORITY}
	 * factor issued now, as Spring Security's {@code OpaqueTokenAuthenticationProvider}
	 * gives it.
	 * @param tokenValue the access token
	 * @param identity the identity the token resolved to
	 * @return the authentication
	 */
	public static BearerTokenAuthentication bearerToken(String tokenValue, Identity identity) {
		List<GrantedAuthority> identityAuthorities = AuthorityUtils.createAuthorityList(identity.authorities());
		Map<String, Object> claims = claims(identity);
		OAuth2IntrospectionAuthenticatedPrincipal principal = new OAuth2IntrospectionAuthenticatedPrincipal(
				identity.subject(), claims, identityAuthorities);
		Instant issuedAt = (claims.get(IntrospectionClaims.IAT) instanceof Instant iat) ? iat : null;
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokenValue, issuedAt,
				identity.expiresAt());
		List<GrantedAuthority> authorities = new ArrayList<>(identityAuthorities.size() + 1);
		authorities.addAll(identityAuthorities);
		authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.BEARER_AUTHORITY));
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
		Map<String, Object> attributes = identity.attributes();
		Map<String, Object> claims = CollectionUtils.newLinkedHashMap(attributes.size() + 2);
		// forEach, not a copy constructor: iterating the entries of an unmodifiable map
		// wraps each one
		attributes.forEach(claims::put);
		claims.putIfAbsent(IntrospectionClaims.SUB, identity.subject());
		if (identity.expiresAt() != null) {
			claims.putIfAbsent(IntrospectionClaims.EXP, identity.expiresAt().getEpochSecond());
		}
		for (String time : TIME_CLAIMS) {
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
