/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The revocation marks this process knows, by mark key, with an index by expiry: adding a
 * mark drops the expired ones from the front of the index and, past the capacity, the
 * mark that expires first among those that may go, so no add scans the table. Of two
 * marks on one key the later revocation is kept. Reads take no lock. Thread-safe.
 *
 * @author authcache authors
 */
final class MarkTable {

	private static final Log logger = LogFactory.getLog(Revocations.class);

	private static final Comparator<Mark> BY_EXPIRY = Comparator.comparingLong(Mark::expiresAt)
		.thenComparingLong(Mark::sequence);

	private final Map<String, Mark> marks = new ConcurrentHashMap<>();

	/**
	 * Guarded by itself.
	 */
	private final NavigableSet<Mark> byExpiry = new TreeSet<>(BY_EXPIRY);

	private final int capacity;

	private final Predicate<String> pinned;

	private final ThrottledWarning evicted;

	private long sequence;

	/**
	 * Create a table.
	 * @param capacity the most marks it holds
	 * @param pinned the mark keys never evicted to make room (marks only this process
	 * holds)
	 */
	MarkTable(int capacity, Predicate<String> pinned) {
		this.capacity = capacity;
		this.pinned = pinned;
		this.evicted = new ThrottledWarning(logger,
				(count) -> "More than " + capacity + " revocation marks are known in this process; dropped " + count
						+ " that expire first (they still hold through Redis)");
	}

	/**
	 * Add a mark, unless the key holds a later revocation.
	 * @param markKey the mark key
	 * @param revokedAt the revocation time in microseconds ({@link Long#MIN_VALUE} for a
	 * JWT id)
	 * @param expiresAt when the mark expires, in epoch milliseconds
	 * @param invalidation the revocation
	 * @param restorable whether this process may write the mark again after a data loss
	 * (it made it, or its MAC was verified)
	 */
	void put(String markKey, long revokedAt, long expiresAt, Invalidation invalidation, boolean restorable) {
		long now = System.currentTimeMillis();
		synchronized (this.byExpiry) {
			Mark mark = new Mark(markKey, revokedAt, expiresAt, invalidation, restorable, this.sequence++);
			Mark current = this.marks.get(markKey);
			if (current != null && current.expiresAt() > now && current.revokedAt() > revokedAt) {
				return;
			}
			if (current != null) {
				this.byExpiry.remove(current);
			}
			this.marks.put(markKey, mark);
			this.byExpiry.add(mark);
			purge(now);
		}
	}

	/**
	 * Return the revocation time of the live mark on a key.
	 * @param markKey the mark key
	 * @return the revocation time in microseconds, or {@code null} when there is none
	 */
	@Nullable Long revokedAt(String markKey) {
		Mark mark = this.marks.get(markKey);
		return (mark != null && mark.expiresAt() > System.currentTimeMillis()) ? mark.revokedAt() : null;
	}

	/**
	 * Pass every live mark this process may write again to the given consumer.
	 * @param action what to do with the mark key and its revocation
	 */
	void forEachRestorable(BiConsumer<String, Invalidation> action) {
		long now = System.currentTimeMillis();
		this.marks.values()
			.stream()
			.filter((mark) -> mark.restorable() && mark.expiresAt() > now)
			.forEach((mark) -> action.accept(mark.key(), mark.invalidation()));
	}

	/**
	 * Return how many marks the table holds, expired ones not yet dropped included.
	 * @return the number of marks
	 */
	int size() {
		return this.marks.size();
	}

	private void purge(long now) {
		while (!this.byExpiry.isEmpty() && this.byExpiry.first().expiresAt() <= now) {
			this.marks.remove(this.byExpiry.pollFirst().key());
		}
		Iterator<Mark> first = this.byExpiry.iterator();
		while (this.marks.size() > this.capacity && first.hasNext()) {
			Mark mark = first.next();
			if (!this.pinned.test(mark.key())) {
				first.remove();
				this.marks.remove(mark.key());
				this.evicted.occurred();
			}
		}
	}

	private record Mark(String key, long revokedAt, long expiresAt, Invalidation invalidation, boolean restorable,
			long sequence) {

	}

}
