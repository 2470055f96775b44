/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Actuator support: the {@code authcache} endpoint.
 */
@NullMarked
package io.github.authcache.actuate;

import org.jspecify.annotations.NullMarked;
