/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Actuator support: the {@code authcache} endpoint, health indicator and Redis deployment
 * report.
 */
@NullMarked
package io.github.authcache.actuate;

import org.jspecify.annotations.NullMarked;
