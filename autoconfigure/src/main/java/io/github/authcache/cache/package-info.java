/*
 * Copyright 2026 the authcache authors.
 */

/**
 * The credential cache: TTL rules, freshness, single-flight and the Redis storage under
 * it.
 */
@NullMarked
package io.github.authcache.cache;

import org.jspecify.annotations.NullMarked;
