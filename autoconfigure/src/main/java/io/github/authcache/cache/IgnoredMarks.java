/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Counts the revocation marks and invalidation messages that were ignored, by reason, and
 * warns at most once a minute: whoever writes them without the secret cannot flood the
 * log. Thread-safe.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see MarkSeal
 */
public final class IgnoredMarks {

	private static final Log logger = LogFactory.getLog(IgnoredMarks.class);

	private final Map<Reason, AtomicLong> counts = new EnumMap<>(Reason.class);

	private final ThrottledWarning warning = new ThrottledWarning(logger,
			(count) -> "Ignored " + count + " revocation mark(s) or invalidation message(s) since the last warning ("
					+ this.counts.get(Reason.UNAUTHENTICATED) + " without a valid MAC, "
					+ this.counts.get(Reason.FUTURE) + " dated in the future, in all): something writes to Redis "
					+ "without authcache.cache.secret, or an instance runs with another secret or a wrong clock");

	IgnoredMarks() {
		for (Reason reason : Reason.values()) {
			this.counts.put(reason, new AtomicLong());
		}
	}

	/**
	 * Count a mark or message that was ignored.
	 * @param reason why it was ignored
	 */
	public void ignored(Reason reason) {
		this.counts.get(reason).incrementAndGet();
		this.warning.occurred();
	}

	/**
	 * Return how many marks and messages were ignored for a reason.
	 * @param reason the reason
	 * @return the count since startup
	 */
	public long count(Reason reason) {
		return this.counts.get(reason).get();
	}

	/**
	 * Why a mark or message was ignored.
	 */
	public enum Reason {

		/**
		 * It carried no MAC, or one made without any of the configured secrets.
		 */
		UNAUTHENTICATED,

		/**
		 * It was dated later than now plus the tolerated clock skew.
		 */
		FUTURE

	}

}
