/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one read of an entry returned: the stored value and, when the store read them in
 * the same round trip, the revocation marks asked for.
 *
 * @param value the stored value, as the bytes the store returned, or {@code null} when
 * there is none
 * @param markKeys the mark keys that were read
 * @param marks the mark values, in the order of the keys, {@code null} where there is no
 * mark; {@code null} as a whole when the store did not read them
 * @param ordered whether no mark was read before the value (one server: one {@code MGET}
 * reads them at the same instant); when not (the marks on other cluster nodes or on
 * another Redis, read at the same time), a mark written after they were read may concern
 * the value, and {@link Revocations} reads the marks of a young entry again
 * @author authcache authors
 * @since 0.1.0
 * @see AuthCacheStore#getWithMarks
 */
public record EntryRead(byte @Nullable [] value, List<String> markKeys, @Nullable List<@Nullable String> marks,
		boolean ordered) {

	/**
	 * Create a read whose marks, if any, were not read before the value.
	 * @param value the stored value, or {@code null} when there is none
	 * @param markKeys the mark keys that were read
	 * @param marks the mark values, or {@code null} when the store did not read them
	 */
	public EntryRead(byte @Nullable [] value, List<String> markKeys, @Nullable List<@Nullable String> marks) {
		this(value, markKeys, marks, true);
	}

	/**
	 * Return a read of the value alone.
	 * @param value the stored value, or {@code null}
	 * @return the read, without marks
	 */
	public static EntryRead valueOnly(byte @Nullable [] value) {
		return new EntryRead(value, List.of(), null);
	}

}
