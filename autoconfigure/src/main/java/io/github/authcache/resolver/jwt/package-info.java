/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Local verification of JWT access tokens (Ory Hydra with
 * {@code strategies.access_token: jwt}).
 */
@NullMarked
package io.github.authcache.resolver.jwt;

import org.jspecify.annotations.NullMarked;
