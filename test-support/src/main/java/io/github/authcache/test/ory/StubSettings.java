/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Fixed settings of a stub, chosen when it is built.
 *
 * @param sessionCookieName the Kratos session cookie name
 * @param sessionCacheMaxAge the {@code Ory-Session-Cache-For} upper bound, or
 * {@code null} to not send the header
 * @param requiredAuthorization the {@code Authorization} value Hydra endpoints require,
 * or {@code null} for none
 * @param sessionLifespan the lifespan applied by the extend endpoint
 * @param clock the clock deciding expiry
 * @author authcache authors
 */
record StubSettings(String sessionCookieName, @Nullable Duration sessionCacheMaxAge,
		@Nullable String requiredAuthorization, Duration sessionLifespan, Clock clock) {

}
