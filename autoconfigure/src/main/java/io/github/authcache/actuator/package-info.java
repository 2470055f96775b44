/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Spring Boot Actuator support: the {@code authcache} health contributor.
 */
@NullMarked
package io.github.authcache.actuator;

import org.jspecify.annotations.NullMarked;
