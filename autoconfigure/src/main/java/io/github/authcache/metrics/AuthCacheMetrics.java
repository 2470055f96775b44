/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

import io.github.authcache.credential.CredentialKind;

/**
 * Records what the cache does. Implementations must be cheap: they are called on every
 * request.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see MicrometerAuthCacheMetrics
 */
public interface AuthCacheMetrics {

	/**
	 * Metrics that record nothing.
	 */
	AuthCacheMetrics NONE = new AuthCacheMetrics() {

		@Override
		public void lookup(CredentialKind kind, LookupResult result) {
		}

		@Override
		public void upstreamCall(CredentialKind kind, UpstreamOutcome outcome, long durationNanos) {
		}

	};

	/**
	 * Record a cache lookup.
	 * @param kind the credential kind
	 * @param result how the lookup was answered
	 */
	void lookup(CredentialKind kind, LookupResult result);

	/**
	 * Record an upstream call.
	 * @param kind the credential kind
	 * @param outcome how the call ended
	 * @param durationNanos how long it took
	 */
	void upstreamCall(CredentialKind kind, UpstreamOutcome outcome, long durationNanos);

	/**
	 * Record a lookup answered by an entry past its TTL because the upstream gave no
	 * verdict (stale-if-error).
	 * @param kind the credential kind
	 */
	default void staleServed(CredentialKind kind) {
	}

	/**
	 * Record a lookup refused because this instance's limit on concurrent upstream calls
	 * was reached.
	 * @param kind the credential kind
	 */
	default void upstreamRejected(CredentialKind kind) {
	}

	/**
	 * Record how a client's cold lookup fared against its share of the upstream calls.
	 * @param kind the credential kind
	 * @param outcome whether it was admitted, and why not
	 */
	default void upstreamFairness(CredentialKind kind, FairnessOutcome outcome) {
	}

	/**
	 * Record how a revocation at the identity provider (on logout, or through the
	 * upstream revocation helpers) ended.
	 * @param kind the credential kind
	 * @param outcome how it ended
	 */
	default void upstreamRevocation(CredentialKind kind, RevocationOutcome outcome) {
	}

	/**
	 * Record a step of a background refresh of a cached verdict (refresh-ahead): started,
	 * skipped, or how it ended.
	 * @param kind the credential kind
	 * @param outcome the step or the outcome
	 */
	default void refresh(CredentialKind kind, RefreshOutcome outcome) {
	}

	/**
	 * Record an upstream answer that was not cached because its value would exceed a
	 * limit of the cache's reader.
	 * @param kind the credential kind
	 * @param reason the limit it exceeds
	 */
	default void writeSkipped(CredentialKind kind, WriteSkipReason reason) {
	}

}
