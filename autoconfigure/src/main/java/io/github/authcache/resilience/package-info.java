/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Resilience of the cache against its store: circuit breakers (Resilience4j) around the
 * {@link io.github.authcache.cache.AuthCacheStore} and the
 * {@link io.github.authcache.cache.RevocationStore}, so that a Redis that is down, hung
 * or failing over costs each request at most one timeout until the circuit opens, and
 * none while it is open.
 */
@NullMarked
package io.github.authcache.resilience;

import org.jspecify.annotations.NullMarked;
