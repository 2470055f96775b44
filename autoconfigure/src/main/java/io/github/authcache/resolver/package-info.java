/*
 * Copyright 2026 the authcache authors.
 */

/**
 * The identity resolver extension point: turning a credential into an identity at an
 * upstream.
 */
@NullMarked
package io.github.authcache.resolver;

import org.jspecify.annotations.NullMarked;
