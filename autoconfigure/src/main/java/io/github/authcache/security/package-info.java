/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Spring Security integration: filter, authentication provider, authentication types and
 * DSL.
 */
@NullMarked
package io.github.authcache.security;

import org.jspecify.annotations.NullMarked;
