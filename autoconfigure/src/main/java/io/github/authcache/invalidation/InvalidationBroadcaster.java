/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import io.github.authcache.cache.Invalidation;

/**
 * Tells the other instances of the application about an invalidation, so they drop what
 * they hold in process (near-cache entries, in-flight lookups). Delivery may be
 * at-most-once; instances must flush what they hold when they may have missed messages,
 * and stop answering from their near cache while they may be behind.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface InvalidationBroadcaster {

	/**
	 * A broadcaster for a single instance: tells no one.
	 */
	InvalidationBroadcaster NONE = (invalidation) -> Acknowledgements.NONE;

	/**
	 * Tell the other instances, and wait, up to a deadline, until they have applied it.
	 * @param invalidation the invalidation
	 * @return how many instances acknowledged it
	 */
	Acknowledgements broadcast(Invalidation invalidation);

}
