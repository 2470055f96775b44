/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.List;

import io.github.authcache.resolver.Identity;

/**
 * What the {@link CredentialCache} answers for a credential, after every access check has
 * run.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public sealed interface CacheLookup {

	/**
	 * The credential is active and passed every check.
	 *
	 * @param identity the identity
	 * @param setCookies {@code Set-Cookie} values the upstream sent on this lookup, to
	 * relay to the client
	 */
	record Authenticated(Identity identity, List<String> setCookies) implements CacheLookup {

	}

	/**
	 * The credential is inactive, expired, or failed an access check.
	 *
	 * @param reason why (safe to send to the client)
	 */
	record Rejected(String reason) implements CacheLookup {

	}

}
