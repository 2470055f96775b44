/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import io.github.authcache.metrics.RevocationOutcome;

import org.springframework.util.Assert;

/**
 * What a revocation through {@link UpstreamRevocations} (a logout) achieved: at the
 * identity provider, and in the cache.
 *
 * @param upstream how the revocation at the identity provider ended; unless
 * {@link RevocationOutcome#REVOKED}, the credential still works there and is looked up
 * again on its next use
 * @param durable whether the cache's revocation marks are in Redis; if not, the
 * revocation holds on this instance and waits to be written (see
 * {@link RevocationPendingException})
 * @author authcache authors
 * @since 0.1.0
 */
public record RevocationResult(RevocationOutcome upstream, boolean durable) {

	/**
	 * Create a result.
	 */
	public RevocationResult {
		Assert.notNull(upstream, "'upstream' must not be null");
	}

	/**
	 * Whether the credential no longer works anywhere: revoked at the identity provider
	 * (or not active there in the first place), and durably in the cache.
	 * @return whether the revocation is complete
	 */
	public boolean isComplete() {
		return (this.upstream == RevocationOutcome.REVOKED || this.upstream == RevocationOutcome.INACTIVE)
				&& this.durable;
	}

}
