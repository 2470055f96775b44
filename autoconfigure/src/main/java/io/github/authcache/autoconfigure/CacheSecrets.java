/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.StringUtils;

/**
 * The secrets of {@code authcache.cache.*}, checked: one is required unless
 * {@code authcache.cache.allow-unauthenticated-values} is set, because Redis is shared
 * infrastructure and without a secret whoever can write to it can become any user; each
 * must have at least {@value #MINIMUM_BYTES} bytes. Running without one is logged at WARN
 * once at startup.
 *
 * @author authcache authors
 */
final class CacheSecrets {

	/**
	 * The fewest bytes a secret may have.
	 */
	static final int MINIMUM_BYTES = 32;

	private static final Log logger = LogFactory.getLog(CacheSecrets.class);

	static final String UNAUTHENTICATED = "authcache.cache.secret is not set and "
			+ "authcache.cache.allow-unauthenticated-values=true: cache values are not authenticated, so whoever can "
			+ "write to Redis can store an entry that authenticates any credential as any user. Set "
			+ "authcache.cache.secret unless nothing but this application can reach Redis.";

	private static final String GENERATE = "Generate one with 'openssl rand -base64 48' and set the same value on "
			+ "every instance (for example through the AUTHCACHE_CACHE_SECRET environment variable).";

	private CacheSecrets() {
	}

	/**
	 * Whether the cache runs without a secret (an empty one counts as none), as
	 * {@code authcache.cache.allow-unauthenticated-values} permits.
	 * @param cache the cache settings
	 * @return whether values are not authenticated
	 */
	static boolean isUnauthenticated(AuthCacheProperties.Cache cache) {
		return !StringUtils.hasLength(cache.getSecret()) && cache.isAllowUnauthenticatedValues();
	}

	/**
	 * Warn that the cache runs without a secret, if it does.
	 * @param cache the checked cache settings
	 */
	static void warnIfUnauthenticated(AuthCacheProperties.Cache cache) {
		if (isUnauthenticated(cache)) {
			logger.warn(UNAUTHENTICATED);
		}
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
