/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import org.jspecify.annotations.Nullable;

/**
 * A check that decides whether a resolved identity may access the application. Validators
 * run on every request, on cache hits as well as on fresh resolutions, so a cached entry
 * can never skip one.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface IdentityValidator {

	/**
	 * Check the identity.
	 * @param identity the identity
	 * @return why the identity is rejected (safe to send to the client), or {@code null}
	 * when it passes
	 */
	@Nullable String validate(Identity identity);

	/**
	 * Return a validator that accepts every identity.
	 * @return the validator
	 */
	static IdentityValidator acceptAll() {
		return (identity) -> null;
	}

}
