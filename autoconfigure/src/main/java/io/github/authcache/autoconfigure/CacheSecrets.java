/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The secrets of {@code authcache.cache.*}, checked: one is required unless
 * {@code authcache.cache.allow-unauthenticated-values} is set, because Redis is shared
 * infrastructure and without a secret whoever can write to it can become any user; each
 * must have at least {@value #MINIMUM_BYTES} bytes.
 *
 * @author authcache authors
 */
final class CacheSecrets {

	/**
	 * The fewest bytes a secret may have.
	 */
	static final int MINIMUM_BYTES = 32;

	private static final String GENERATE = "Generate one with 'openssl rand -base64 48' and set the same value on "
			+ "every instance (for example through the AUTHCACHE_CACHE_SECRET environment variable).";

	private CacheSecrets() {
	}

	/**
	 * Check the secrets.
	 * @param cache the cache settings
	 * @return the cache settings
	 * @throws InsecureConfigurationException when a secret is missing or too short
	 */
	static AuthCacheProperties.Cache check(AuthCacheProperties.Cache cache) {
		String secret = cache.getSecret();
		List<String> secrets = new ArrayList<>();
		if (secret != null && !secret.isEmpty()) {
			secrets.add(secret);
		}
		else if (!cache.getPreviousSecrets().isEmpty()) {
			throw new InsecureConfigurationException(
					"authcache.cache.previous-secrets is set without authcache.cache.secret",
					"Set authcache.cache.secret to the new secret. " + GENERATE);
		}
		else if (!cache.isAllowUnauthenticatedValues()) {
			throw new InsecureConfigurationException("authcache.cache.secret is not set. Without it, whoever can "
					+ "write to Redis can store a cache entry that authenticates any credential as any user, on "
					+ "every instance: cache keys would be plain SHA-256 hashes and values would not be "
					+ "authenticated.",
					"Set authcache.cache.secret (at least " + MINIMUM_BYTES + " bytes). " + GENERATE
							+ " Only for a Redis that nothing but this application can reach, "
							+ "authcache.cache.allow-unauthenticated-values=true runs without one (insecure).");
		}
		secrets.addAll(cache.getPreviousSecrets());
		for (int i = 0; i < secrets.size(); i++) {
			int length = secrets.get(i).getBytes(StandardCharsets.UTF_8).length;
			if (length < MINIMUM_BYTES) {
				String property = (i == 0) ? "authcache.cache.secret"
						: "authcache.cache.previous-secrets[" + (i - 1) + "]";
				throw new InsecureConfigurationException(
						property + " has " + length + " bytes; at least " + MINIMUM_BYTES
								+ " are required so the HMAC key cannot be guessed.",
						"Set a longer " + property + ". " + GENERATE);
			}
		}
		return cache;
	}

}
