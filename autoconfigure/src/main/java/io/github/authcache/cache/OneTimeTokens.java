/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;

import org.springframework.util.Assert;

/**
 * Remembers which one-time tokens (back-channel logout tokens, DPoP proofs) were used, on
 * every instance: the first use of an issuer's JWT id writes a mark with {@code SET NX}
 * in the revocation store (behind its circuit breaker) that lives until the token
 * expires, and every later use finds it.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class OneTimeTokens {

	private static final Duration SHORTEST_MARK = Duration.ofSeconds(1);

	private final RevocationStore store;

	private final CacheKeys keys;

	/**
	 * Create the registry.
	 * @param store the store the marks are written to
	 * @param keys the key derivation
	 */
	public OneTimeTokens(RevocationStore store, CacheKeys keys) {
		Assert.notNull(store, "'store' must not be null");
		Assert.notNull(keys, "'keys' must not be null");
		this.store = store;
		this.keys = keys;
	}

	/**
	 * Record the use of a token.
	 * @param issuer the issuer (for a DPoP proof: its key), which scopes the JWT id
	 * @param jti the JWT id
	 * @param until when the token expires (the mark lives until then)
	 * @param now the current instant
	 * @return whether this is the first use
	 * @throws CacheStoreException when the store could not answer
	 */
	public boolean firstUse(String issuer, String jti, Instant until, Instant now) {
		Duration ttl = Duration.between(now, until);
		return this.store.writeIfAbsent(this.keys.usedTokenKey(issuer, jti), "1",
				(ttl.compareTo(SHORTEST_MARK) > 0) ? ttl : SHORTEST_MARK);
	}

}
