/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Auto-configuration for authcache.
 */
@NullMarked
package io.github.authcache.autoconfigure;

import org.jspecify.annotations.NullMarked;
