/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Support for the application's own tests: MockMvc request post-processors that
 * authenticate a request as a Kratos session or a bearer token, with no Redis and no
 * identity provider. Needs {@code spring-test} and {@code spring-security-test} on the
 * test classpath.
 */
@NullMarked
package io.github.authcache.security.test;

import org.jspecify.annotations.NullMarked;
