/*
 * Copyright 2026 the authcache authors.
 */

/**
 * Invalidation: dropping cached verdicts for a credential, a session, a user or a JWT, on
 * every instance.
 */
@NullMarked
package io.github.authcache.invalidation;

import org.jspecify.annotations.NullMarked;
