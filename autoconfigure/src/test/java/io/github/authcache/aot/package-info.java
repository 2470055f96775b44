/*
 * Copyright 2026 the authcache authors.
 */

/**
 * An application processed ahead of time and started from the generated code.
 */
@NullMarked
package io.github.authcache.aot;

import org.jspecify.annotations.NullMarked;
