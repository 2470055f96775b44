/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Micrometer meters for cache lookups and upstream calls.
 */
@NullMarked
package io.github.authcache.metrics;

import org.jspecify.annotations.NullMarked;
