/*
 * Copyright 2026 the authcache authors.
 */

/**
 * OpenID Shared Signals (SSF 1.0, CAEP 1.0) receiver: Security Event Tokens pushed or
 * polled from a transmitter become invalidations.
 */
@NullMarked
package io.github.authcache.security.ssf;

import org.jspecify.annotations.NullMarked;
