/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Thread-safe registry of Hydra tokens, with revocation that also covers the other token
 * of the same grant.
 *
 * @author authcache authors
 */
final class TokenStore {

	private final Map<String, OAuth2TokenSpec> tokens = new HashMap<>();

	private final Map<String, String> siblings = new HashMap<>();

	private final Set<String> revoked = new HashSet<>();

	synchronized OAuth2TokenSpec put(OAuth2TokenSpec token) {
		this.tokens.put(token.token(), token);
		this.revoked.remove(token.token());
		return token;
	}

	synchronized void putPair(OAuth2TokenSpec accessToken, OAuth2TokenSpec refreshToken) {
		put(accessToken);
		put(refreshToken);
		this.siblings.put(accessToken.token(), refreshToken.token());
		this.siblings.put(refreshToken.token(), accessToken.token());
	}

	/**
	 * Return the token if it is registered and not revoked.
	 * @param token the token string
	 * @return the token spec
	 */
	synchronized Optional<OAuth2TokenSpec> findUnrevoked(String token) {
		return this.revoked.contains(token) ? Optional.empty() : Optional.ofNullable(this.tokens.get(token));
	}

	synchronized boolean isRevoked(String token) {
		return this.revoked.contains(token);
	}

	synchronized boolean revoke(String token) {
		if (!this.tokens.containsKey(token)) {
			return false;
		}
		this.revoked.add(token);
		String sibling = this.siblings.get(token);
		if (sibling != null) {
			this.revoked.add(sibling);
		}
		return true;
	}

	synchronized void clear() {
		this.tokens.clear();
		this.siblings.clear();
		this.revoked.clear();
	}

}
