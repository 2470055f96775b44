/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

import io.github.authcache.credential.CredentialKind;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.util.Assert;

/**
 * {@link AuthCacheMetrics} that also give the current lookup observation (a
 * {@link LookupObservationContext}) its {@code result}, then record as the given metrics
 * do. The cache records a lookup's result on the caller's thread, while the observation
 * the caller opened is current.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class ObservedAuthCacheMetrics implements AuthCacheMetrics {

	private final AuthCacheMetrics delegate;

	private final ObservationRegistry registry;

	/**
	 * Create metrics that record to the given ones and to the current observation.
	 * @param delegate the metrics to record to as well
	 * @param registry the registry whose current observation is the lookup's
	 */
	public ObservedAuthCacheMetrics(AuthCacheMetrics delegate, ObservationRegistry registry) {
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.notNull(registry, "'registry' must not be null");
		this.delegate = delegate;
		this.registry = registry;
	}

	@Override
	public void lookup(CredentialKind kind, LookupResult result) {
		Observation current = this.registry.getCurrentObservation();
		if (current != null && current.getContext() instanceof LookupObservationContext context) {
			context.setResult(result);
		}
		this.delegate.lookup(kind, result);
	}

	@Override
	public void upstreamCall(CredentialKind kind, UpstreamOutcome outcome, long durationNanos) {
		this.delegate.upstreamCall(kind, outcome, durationNanos);
	}

	@Override
	public void staleServed(CredentialKind kind) {
		this.delegate.staleServed(kind);
	}

	@Override
	public void upstreamRejected(CredentialKind kind) {
		this.delegate.upstreamRejected(kind);
	}

	@Override
	public void upstreamFairness(CredentialKind kind, FairnessOutcome outcome) {
		this.delegate.upstreamFairness(kind, outcome);
	}

	@Override
	public void upstreamRevocation(CredentialKind kind, RevocationOutcome outcome) {
		this.delegate.upstreamRevocation(kind, outcome);
	}

	@Override
	public void refresh(CredentialKind kind, RefreshOutcome outcome) {
		this.delegate.refresh(kind, outcome);
	}

	@Override
	public void writeSkipped(CredentialKind kind, WriteSkipReason reason) {
		this.delegate.writeSkipped(kind, reason);
	}

}
