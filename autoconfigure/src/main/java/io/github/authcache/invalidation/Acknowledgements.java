/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

/**
 * How far an invalidation reached the near caches of the running instances when the call
 * that made it returned.
 * <p>
 * Instances that had not applied it by then stop answering from their near cache (they
 * read from Redis, where the revocation mark is) until they have caught up, so no
 * instance authenticates with what was revoked once the call returned either way; an
 * incomplete acknowledgement costs those instances their near-cache hits for a while, not
 * safety.
 *
 * @param delivered how many subscribers Redis delivered the invalidation to (this
 * instance's own included), or {@code -1} when Redis does not say (a cluster counts only
 * the subscribers of the node it was published on)
 * @param acknowledged how many subscribers acknowledged that they had applied it before
 * the deadline
 * @author authcache authors
 * @since 0.1.0
 * @see "docs/design/near-cache-acks.md"
 */
public record Acknowledgements(int delivered, int acknowledged) {

	/**
	 * Nothing to acknowledge: the invalidation was not broadcast (no near caches).
	 */
	public static final Acknowledgements NONE = new Acknowledgements(0, 0);

	/**
	 * Whether every subscriber the invalidation was delivered to applied it before the
	 * call returned.
	 * @return whether the acknowledgement is complete
	 */
	public boolean isComplete() {
		return this.delivered >= 0 && this.acknowledged >= this.delivered;
	}

	/**
	 * Combine with the acknowledgements of another invalidation made by the same call:
	 * the result counts the subscribers that acknowledged both.
	 * @param other the other acknowledgements
	 * @return the combined acknowledgements
	 */
	public Acknowledgements and(Acknowledgements other) {
		int delivered = (this.delivered < 0 || other.delivered < 0) ? -1 : Math.max(this.delivered, other.delivered);
		return new Acknowledgements(delivered, Math.min(this.acknowledged, other.acknowledged));
	}

}
