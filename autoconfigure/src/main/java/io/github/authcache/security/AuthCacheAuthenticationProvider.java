/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.ClientLimitExceededException;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialKind;
import io.github.authcache.metrics.DefaultLookupObservationConvention;
import io.github.authcache.metrics.LookupObservationContext;
import io.github.authcache.metrics.LookupObservationConvention;
import io.github.authcache.resolver.StepUpRequiredException;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
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
 * {@code SCOPE_…} authorities, and the authentication carries {@code FACTOR_BEARER} as
 * the resource server's does.</li>
 * <li>A session becomes a {@link SessionAuthentication}.</li>
 * <li>A rejected credential raises {@link InvalidBearerTokenException} (access tokens) or
 * {@link BadCredentialsException} (sessions): 401.</li>
 * <li>An upstream without a verdict raises {@link IdentityProviderUnavailableException}:
 * 503.</li>
 * <li>A client over its share of the upstream calls raises
 * {@link ClientLimitExceededAuthenticationException}: 429.</li>
 * <li>A required step-up raises {@link StepUpRequiredAuthenticationException}: 403.</li>
 * </ul>
 * Each lookup is an {@link Observation} ({@code authcache.lookup}); the cache's upstream
 * call, if any, nests in it.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheAuthenticationProvider implements AuthenticationProvider {

	private static final LookupObservationConvention DEFAULT_OBSERVATION_CONVENTION = new DefaultLookupObservationConvention();

	private final CredentialCache cache;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable LookupObservationConvention observationConvention;

	/**
	 * Create a provider on the given cache.
	 * @param cache the credential cache
	 */
	public AuthCacheAuthenticationProvider(CredentialCache cache) {
		Assert.notNull(cache, "'cache' must not be null");
		this.cache = cache;
	}

	/**
	 * Set the registry to observe each lookup in ({@code authcache.lookup}, see
	 * {@link DefaultLookupObservationConvention}). Defaults to
	 * {@link ObservationRegistry#NOOP}.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set the convention that names and tags the lookup observation. Defaults to
	 * {@link DefaultLookupObservationConvention}.
	 * @param observationConvention the convention
	 */
	public void setObservationConvention(LookupObservationConvention observationConvention) {
		Assert.notNull(observationConvention, "'observationConvention' must not be null");
		this.observationConvention = observationConvention;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		CredentialAuthenticationToken request = (CredentialAuthenticationToken) authentication;
		Credential credential = request.getCredential();
		CacheLookup lookup;
		try {
			lookup = this.observationRegistry.isNoop()
					? this.cache.lookup(credential, request.getMaxAge(), request.getClientAddress())
					: observedLookup(credential, request);
		}
		catch (ClientLimitExceededException ex) {
			throw new ClientLimitExceededAuthenticationException(ex.getMessage(), ex.getRetryAfter(), ex);
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
				? AuthCacheAuthentications.bearerToken(credential.value(), authenticated.identity())
				: AuthCacheAuthentications.session(authenticated.identity(), authenticated.setCookies());
		result.setDetails(request.getDetails());
		return result;
	}

	private CacheLookup observedLookup(Credential credential, CredentialAuthenticationToken request) {
		return Observation
			.createNotStarted(this.observationConvention, DEFAULT_OBSERVATION_CONVENTION,
					() -> new LookupObservationContext(credential.kind()), this.observationRegistry)
			.observe(() -> this.cache.lookup(credential, request.getMaxAge(), request.getClientAddress()));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return CredentialAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
