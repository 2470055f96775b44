/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Mints credentials that look like the ones Ory issues: Kratos session tokens
 * ({@code ory_st_} + 32 alphanumerics), Hydra opaque access and refresh tokens
 * ({@code ory_at_<key>.<signature>}, {@code ory_rt_<key>.<signature>}) and session cookie
 * values (long base64url blobs like a gorilla securecookie).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class OryCredentials {

	private static final SecureRandom random = new SecureRandom();

	private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private OryCredentials() {
	}

	/**
	 * Return a new Kratos session token, {@code ory_st_} followed by 32 alphanumerics.
	 * @return the token
	 */
	public static String sessionToken() {
		return "ory_st_" + alphanumeric(32);
	}

	/**
	 * Return a new Kratos logout token, {@code ory_lo_} followed by 32 alphanumerics.
	 * @return the token
	 */
	public static String logoutToken() {
		return "ory_lo_" + alphanumeric(32);
	}

	/**
	 * Return a new Hydra opaque access token, {@code ory_at_<key>.<signature>}.
	 * @return the token
	 */
	public static String accessToken() {
		return "ory_at_" + hmacToken();
	}

	/**
	 * Return a new Hydra refresh token, {@code ory_rt_<key>.<signature>}.
	 * @return the token
	 */
	public static String refreshToken() {
		return "ory_rt_" + hmacToken();
	}

	/**
	 * Return a new session cookie value: an opaque base64url blob of the shape gorilla
	 * securecookie produces ({@code base64url(timestamp|payload|mac)}).
	 * @return the cookie value
	 */
	public static String sessionCookieValue() {
		String payload = BASE64URL.encodeToString(bytes(96));
		String mac = BASE64URL.encodeToString(bytes(32));
		String inner = (System.currentTimeMillis() / 1000) + "|" + payload + "|" + mac;
		return BASE64URL.encodeToString(inner.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Return a new random UUID string, as Ory uses for session and identity ids.
	 * @return the id
	 */
	public static String uuid() {
		return UUID.randomUUID().toString();
	}

	private static String hmacToken() {
		return BASE64URL.encodeToString(bytes(32)) + "." + BASE64URL.encodeToString(bytes(32));
	}

	private static String alphanumeric(int length) {
		StringBuilder builder = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			builder.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
		}
		return builder.toString();
	}

	private static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

}
