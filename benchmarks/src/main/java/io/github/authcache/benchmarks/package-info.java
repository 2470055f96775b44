/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Benchmarks of authcache: JMH microbenchmarks of the hot path, an end-to-end load run
 * against the alternatives, a hit-rate simulation and Redis memory per entry.
 */
@NullMarked
package io.github.authcache.benchmarks;

import org.jspecify.annotations.NullMarked;
