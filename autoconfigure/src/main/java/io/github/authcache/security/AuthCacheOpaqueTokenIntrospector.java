/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.util.Assert;

/**
 * An {@link OpaqueTokenIntrospector} backed by the credential cache: the migration path
 * for an application on {@code oauth2ResourceServer().opaqueToken()}, which keeps its
 * chain and gets cached introspection:
 *
 * <pre class="code">
 * http.oauth2ResourceServer((resourceServer) -&gt; resourceServer
 *     .opaqueToken((opaqueToken) -&gt; opaqueToken.introspector(authCacheOpaqueTokenIntrospector)));
 * </pre>
 *
 * The principal is the one {@code http.with(authCache(), …)} gives for an access token
 * (an {@code OAuth2IntrospectionAuthenticatedPrincipal} with {@code SCOPE_…}
 * authorities). A rejected token is a {@link BadOpaqueTokenException} (401
 * {@code invalid_token}); an identity provider without a verdict is an
 * {@link OAuth2IntrospectionException}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheOpaqueTokenIntrospector implements OpaqueTokenIntrospector {

	private final AuthCacheAuthenticationProvider provider;

	/**
	 * Create an introspector that looks tokens up with the given provider.
	 * @param provider the provider
	 */
	public AuthCacheOpaqueTokenIntrospector(AuthCacheAuthenticationProvider provider) {
		Assert.notNull(provider, "'provider' must not be null");
		this.provider = provider;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		Authentication result;
		try {
			result = this.provider.authenticate(
					new CredentialAuthenticationToken(new Credential(CredentialType.ACCESS_TOKEN, token), null));
		}
		catch (AuthenticationServiceException ex) {
			throw new OAuth2IntrospectionException(ex.getMessage(), ex);
		}
		catch (AuthenticationException ex) {
			throw new BadOpaqueTokenException(ex.getMessage(), ex);
		}
		return (OAuth2AuthenticatedPrincipal) result.getPrincipal();
	}

}
