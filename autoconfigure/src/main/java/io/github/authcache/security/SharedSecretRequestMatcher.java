/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Matches a request that presents a shared secret, the way a webhook sender does: as the
 * password of HTTP Basic credentials with the expected user name, as a bearer token, or
 * in a header of its own (an API key). Secrets are compared in constant time.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class SharedSecretRequestMatcher implements RequestMatcher {

	private static final String BASIC = "Basic ";

	private static final String BEARER = "Bearer ";

	private final byte[] basicCredentials;

	private final byte[] secret;

	private final @Nullable String apiKeyHeader;

	/**
	 * Create a matcher.
	 * @param username the user name expected with HTTP Basic credentials
	 * @param secret the shared secret
	 * @param apiKeyHeader the header that may carry the secret as an API key, or
	 * {@code null} for none
	 */
	public SharedSecretRequestMatcher(String username, String secret, @Nullable String apiKeyHeader) {
		Assert.hasText(username, "'username' must not be empty");
		Assert.hasText(secret, "'secret' must not be empty");
		this.basicCredentials = (username + ":" + secret).getBytes(StandardCharsets.UTF_8);
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.apiKeyHeader = apiKeyHeader;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			return isEqual(basic(authorization.substring(BASIC.length())), this.basicCredentials);
		}
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return isEqual(authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8),
					this.secret);
		}
		String apiKey = (this.apiKeyHeader != null) ? request.getHeader(this.apiKeyHeader) : null;
		return apiKey != null && isEqual(apiKey.getBytes(StandardCharsets.UTF_8), this.secret);
	}

	private static byte @Nullable [] basic(String encoded) {
		try {
			return Base64.getDecoder().decode(encoded.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static boolean isEqual(byte @Nullable [] presented, byte[] expected) {
		return presented != null && MessageDigest.isEqual(presented, expected);
	}

}
