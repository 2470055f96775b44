/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Identity resolution through Ory Kratos {@code /sessions/whoami}.
 */
@NullMarked
package io.github.authcache.resolver.kratos;

import org.jspecify.annotations.NullMarked;
