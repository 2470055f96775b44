/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Identity resolution through OAuth 2.0 Token Introspection (RFC 7662), for example Ory
 * Hydra.
 */
@NullMarked
package io.github.authcache.resolver.introspection;

import org.jspecify.annotations.NullMarked;
