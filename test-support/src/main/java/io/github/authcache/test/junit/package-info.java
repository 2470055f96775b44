/*
 * Copyright 2026 the authcache authors.
 */

/**
 * JUnit Jupiter support for tests against the real servers of the test harness.
 */
@NullMarked
package io.github.authcache.test.junit;

import org.jspecify.annotations.NullMarked;
