/*
 * Copyright 2026 the authcache authors.
 */

/**
 * An in-process HTTP stub of Ory Kratos and Hydra that follows the documented wire
 * contract.
 */
@NullMarked
package io.github.authcache.test.ory;

import org.jspecify.annotations.NullMarked;
