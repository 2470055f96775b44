/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Embedded Redis and demo identity provider the sample starts when none is configured.
 */
@NullMarked
package io.github.authcache.sample.embedded;

import org.jspecify.annotations.NullMarked;
