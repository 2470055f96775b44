/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The revocation marks the store did not take, by mark key, oldest first, waiting to be
 * written again, and when to try next. Bounded: past {@link #MAX_PENDING} marks the
 * oldest is dropped (it holds in this process only), with one WARN a minute at most;
 * marks {@link #offer offered} again after a data loss never push out a pending one. Of
 * two pending marks on one key the later revocation is kept. While marks stay pending the
 * delay before the next attempt doubles, from {@link #MIN_RETRY_DELAY} up to
 * {@link #MAX_RETRY_DELAY}. Thread-safe.
 *
 * @author authcache authors
 */
final class PendingMarks {

	private static final Log logger = LogFactory.getLog(Revocations.class);

	static final int MAX_PENDING = 10_000;

	static final Duration MIN_RETRY_DELAY = Duration.ofMillis(100);

	static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(2);

	/**
	 * Guarded by itself.
	 */
	private final Map<String, Invalidation> pending = new LinkedHashMap<>();

	private volatile Duration retryDelay = MIN_RETRY_DELAY;

	private final ThrottledWarning dropped = new ThrottledWarning(logger, (count) -> "More than " + MAX_PENDING
			+ " revocation marks wait for Redis; dropped the " + count + " oldest: they hold in this process only");

	/**
	 * Queue a mark.
	 * @param markKey the mark key
	 * @param invalidation the revocation
	 */
	void add(String markKey, Invalidation invalidation) {
		synchronized (this.pending) {
			merge(markKey, invalidation);
			if (this.pending.size() > MAX_PENDING) {
				Iterator<Invalidation> oldest = this.pending.values().iterator();
				oldest.next();
				oldest.remove();
				this.dropped.occurred();
			}
		}
	}

	/**
	 * Queue a mark when there is room, never dropping a pending one for it.
	 * @param markKey the mark key
	 * @param invalidation the revocation
	 * @return whether the mark is queued
	 */
	boolean offer(String markKey, Invalidation invalidation) {
		synchronized (this.pending) {
			if (this.pending.size() >= MAX_PENDING && !this.pending.containsKey(markKey)) {
				return false;
			}
			merge(markKey, invalidation);
			return true;
		}
	}

	/**
	 * Whether a mark waits to be written on the given key.
	 * @param markKey the mark key
	 * @return whether it is pending
	 */
	boolean contains(String markKey) {
		synchronized (this.pending) {
			return this.pending.containsKey(markKey);
		}
	}

	private void merge(String markKey, Invalidation invalidation) {
		this.pending.merge(markKey, invalidation, (older, newer) -> newer.at().isAfter(older.at()) ? newer : older);
	}

	/**
	 * Write the pending marks, oldest first, until the writer fails, and set the delay
	 * before the next attempt.
	 * @param writer what writes one mark
	 * @return the revocations now written
	 */
	List<Invalidation> writeAll(Writer writer) {
		List<Invalidation> written = new ArrayList<>();
		Map.Entry<String, Invalidation> next;
		while ((next = next()) != null) {
			Invalidation invalidation = next.getValue();
			try {
				writer.write(next.getKey(), invalidation);
			}
			catch (CacheStoreException ex) {
				logger.debug("Pending revocation marks are still not written", ex);
				this.retryDelay = min(this.retryDelay.multipliedBy(2), MAX_RETRY_DELAY);
				return written;
			}
			synchronized (this.pending) {
				this.pending.remove(next.getKey(), invalidation);
			}
			written.add(invalidation);
		}
		this.retryDelay = MIN_RETRY_DELAY;
		return written;
	}

	/**
	 * Return how long to wait before the next {@link #writeAll attempt}: the shortest
	 * delay while the last attempt left nothing pending, doubled after every attempt that
	 * failed.
	 * @return the delay before the next attempt
	 */
	Duration retryDelay() {
		return this.retryDelay;
	}

	/**
	 * Return how many marks wait to be written.
	 * @return the number of pending marks
	 */
	int size() {
		synchronized (this.pending) {
			return this.pending.size();
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private Map.@Nullable Entry<String, Invalidation> next() {
		synchronized (this.pending) {
			if (this.pending.isEmpty()) {
				return null;
			}
			Map.Entry<String, Invalidation> first = this.pending.entrySet().iterator().next();
			return Map.entry(first.getKey(), first.getValue());
		}
	}

	/**
	 * Writes one pending mark.
	 */
	@FunctionalInterface
	interface Writer {

		/**
		 * Write a mark.
		 * @param markKey the mark key
		 * @param invalidation the revocation
		 * @throws CacheStoreException when the store did not take it
		 */
		void write(String markKey, Invalidation invalidation);

	}

}
