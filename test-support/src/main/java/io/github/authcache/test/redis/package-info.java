/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Real {@code redis-server} processes (standalone, Sentinel and Cluster) on free loopback
 * ports for tests.
 */
@NullMarked
package io.github.authcache.test.redis;

import org.jspecify.annotations.NullMarked;
