/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Instant;

import io.github.authcache.resolver.Identity;
import org.jspecify.annotations.Nullable;

/**
 * A cached verdict: the identity of an active credential, or none for an inactive one.
 *
 * @param identity the identity, or {@code null} when the credential is inactive
 * @param fetchedAt when the upstream was asked
 * @author authcache authors
 * @since 0.1.0
 */
public record CacheEntry(@Nullable Identity identity, Instant fetchedAt) {

	/**
	 * Whether the credential was active.
	 * @return whether the entry holds an identity
	 */
	public boolean isActive() {
		return this.identity != null;
	}

}
