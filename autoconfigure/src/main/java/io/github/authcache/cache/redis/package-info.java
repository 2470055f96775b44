/*
 * Copyright 2026 the authcache authors.
 */

/**
 * The Redis implementations of the cache's stores: entries, tag sets and revocation marks
 * on Redis standalone, Sentinel and Cluster, each hit in one round trip.
 */
@NullMarked
package io.github.authcache.cache.redis;

import org.jspecify.annotations.NullMarked;
