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
 * @author authcache authors
 */
record Fetch(Resolution resolution, Instant fetchedAt) {

}
