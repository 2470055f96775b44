/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

import io.github.authcache.credential.CredentialKind;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@link Observation.Context} of one credential lookup: the credential kind, and how
 * the cache answered it once known (set by {@link ObservedAuthCacheMetrics} while the
 * observation is current).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class LookupObservationContext extends Observation.Context {

	private final CredentialKind kind;

	private @Nullable LookupResult result;

	/**
	 * Create a context for a lookup of a credential of the given kind.
	 * @param kind the credential kind
	 */
	public LookupObservationContext(CredentialKind kind) {
		Assert.notNull(kind, "'kind' must not be null");
		this.kind = kind;
	}

	/**
	 * Return the credential kind.
	 * @return the kind
	 */
	public CredentialKind getKind() {
		return this.kind;
	}

	/**
	 * Return how the cache answered the lookup.
	 * @return the result, or {@code null} when the cache was not consulted (a credential
	 * no resolver caches, or no resolver accepts)
	 */
	public @Nullable LookupResult getResult() {
		return this.result;
	}

	/**
	 * Set how the cache answered the lookup.
	 * @param result the result
	 */
	public void setResult(LookupResult result) {
		this.result = result;
	}

}
