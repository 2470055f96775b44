/*
 * Copyright 2026 the authcache authors.
 */

/**
 * The credential cache engine and the interfaces its stores implement, with in-memory
 * stores; the Redis stores live in {@code cache.redis}.
 */
@NullMarked
package io.github.authcache.cache;

import org.jspecify.annotations.NullMarked;
