/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Sample application that authenticates every request with the authcache starter.
 */
@NullMarked
package io.github.authcache.sample;

import org.jspecify.annotations.NullMarked;
