/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.authcache.resolver.introspection.IntrospectionClaims;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The authorities authcache gives a JWT by default:
 * <ul>
 * <li>{@code SCOPE_<scope>} per scope, from {@code scp} (a list, Hydra's default) or
 * {@code scope} (a space-separated string);</li>
 * <li>{@code ROLE_<role>} per Keycloak realm role ({@code realm_access.roles});</li>
 * <li>{@code ROLE_<client>:<role>} per Keycloak client role
 * ({@code resource_access.<client>.roles}), so {@code hasRole("my-api:editor")} checks
 * the role {@code editor} of the client {@code my-api}.</li>
 * </ul>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class StandardJwtAuthoritiesConverter implements JwtAuthoritiesConverter {

	@Override
	public Collection<String> convert(Jwt jwt) {
		List<String> authorities = new ArrayList<>();
		scopes(jwt).forEach((scope) -> authorities.add("SCOPE_" + scope));
		if (jwt.getClaims().get("realm_access") instanceof Map<?, ?> realm) {
			roles(realm).forEach((role) -> authorities.add("ROLE_" + role));
		}
		if (jwt.getClaims().get("resource_access") instanceof Map<?, ?> clients) {
			clients.forEach((client, access) -> {
				if (access instanceof Map<?, ?> clientAccess) {
					roles(clientAccess).forEach((role) -> authorities.add("ROLE_" + client + ":" + role));
				}
			});
		}
		return authorities;
	}

	/**
	 * Return the scopes of a token.
	 * @param jwt the token
	 * @return the scopes, from {@code scp} or {@code scope}
	 */
	static List<String> scopes(Jwt jwt) {
		if (jwt.getClaims().get("scp") instanceof Collection<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		String scope = jwt.getClaimAsString(IntrospectionClaims.SCOPE);
		return (scope != null) ? IntrospectionClaims.scopes(scope) : List.of();
	}

	private static List<String> roles(Map<?, ?> access) {
		return (access.get("roles") instanceof Collection<?> roles) ? roles.stream().map(String::valueOf).toList()
				: List.of();
	}

}
