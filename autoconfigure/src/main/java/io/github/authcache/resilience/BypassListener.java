/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

/**
 * Told each time a read that answers lookups (a cache entry, revocation marks) could not
 * use its store, so the lookup was answered without it.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface BypassListener {

	/**
	 * A listener that does nothing.
	 */
	BypassListener NONE = (reason) -> {
	};

	/**
	 * A read bypassed the store.
	 * @param reason why
	 */
	void bypassed(BypassReason reason);

}
