/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;

/**
 * Resolves a credential to an identity at an upstream identity provider. This is the
 * extension point: a resolver bean of the application's own gets caching, single-flight,
 * invalidation and metrics without further work.
 * <p>
 * A resolver answers {@link Resolution.Active} or {@link Resolution.Inactive}, and throws
 * {@link UpstreamUnavailableException} when the upstream gives no verdict. It knows
 * nothing of the cache.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see io.github.authcache.resolver.kratos.KratosSessionResolver
 * @see io.github.authcache.resolver.introspection.TokenIntrospectionResolver
 */
public interface IdentityResolver {

	/**
	 * Whether this resolver resolves credentials of the given type.
	 * @param type the credential type
	 * @return whether the type is supported
	 */
	boolean supports(CredentialType type);

	/**
	 * Ask the upstream who the credential belongs to.
	 * @param credential the credential
	 * @return the upstream's verdict
	 * @throws UpstreamUnavailableException when the upstream gives no verdict
	 * @throws StepUpRequiredException when the credential is valid but a stronger
	 * authentication is required
	 */
	Resolution resolve(Credential credential);

	/**
	 * Return what distinguishes this resolver's answers from another's for the same
	 * credential: the resolver and everything that changes the upstream's answer (its
	 * URL, a tenant, a required scope). It is part of every cache key, so two resolvers
	 * never share entries. Defaults to the class name.
	 * @return the cache namespace
	 */
	default String cacheNamespace() {
		return getClass().getName();
	}

	/**
	 * Return the checks to run on every request for identities of this resolver, cache
	 * hits included. Expiry is always checked by the cache; this adds the resolver's own
	 * checks (token use, audience, issuer, scopes). Defaults to accepting every identity.
	 * @return the validator
	 */
	default IdentityValidator validator() {
		return IdentityValidator.acceptAll();
	}

	/**
	 * Whether answers of this resolver are worth caching. A resolver that answers
	 * locally, without a network call (a JWT verified against cached keys), returns
	 * {@code false}: its answers are then not stored, but still checked against every
	 * revocation mark on every request. Defaults to {@code true}.
	 * @return whether answers are cached
	 */
	default boolean isCacheable() {
		return true;
	}

}
