/*
 * Copyright 2026 the authcache authors.
 */

/**
 * A real Keycloak server (the Quarkus distribution in dev mode) on a free loopback port,
 * with a realm, clients and a user set up for tests.
 */
@NullMarked
package io.github.authcache.test.keycloak;

import org.jspecify.annotations.NullMarked;
