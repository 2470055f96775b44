/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Credentials carried by a request and how they are extracted from it.
 */
@NullMarked
package io.github.authcache.credential;

import org.jspecify.annotations.NullMarked;
