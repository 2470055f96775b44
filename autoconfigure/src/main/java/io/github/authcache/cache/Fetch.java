/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Instant;

import io.github.authcache.resolver.Resolution;

/**
 * An upstream answer and when the upstream was asked.
 *
 * @param resolution the answer
 * @param fetchedAt when the upstream was asked
 * @param cacheable whether the answer may be cached: {@code false} when its value exceeds
 * a limit of the store's reader ({@link EntryValues}), so the near cache does not hold it
 * either
 * @author authcache authors
 */
record Fetch(Resolution resolution, Instant fetchedAt, boolean cacheable) {

	Fetch(Resolution resolution, Instant fetchedAt) {
		this(resolution, fetchedAt, true);
	}

}
