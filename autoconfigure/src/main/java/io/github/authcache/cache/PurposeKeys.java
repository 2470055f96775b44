/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys derived from the cache secret, one per purpose (HMAC-SHA256 of the purpose's name
 * under the secret), so that what one purpose seals or tags never verifies for another,
 * and the secret itself keys nothing.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class PurposeKeys {

	private static final String ALGORITHM = "HmacSHA256";

	private PurposeKeys() {
	}

	/**
	 * Derive the key of a purpose from a secret.
	 * @param secret the secret
	 * @param purpose the purpose's name
	 * @return the key's 32 bytes
	 */
	public static byte[] derive(String secret, String purpose) {
		return mac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
			.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Derive the HMAC keys of a purpose from each secret of a rotation, in their order.
	 * @param secrets the secrets, the current one first
	 * @param purpose the purpose's name
	 * @return the HMAC-SHA256 keys
	 */
	public static List<SecretKeySpec> hmacKeys(List<String> secrets, String purpose) {
		return secrets.stream().map((secret) -> new SecretKeySpec(derive(secret, purpose), ALGORITHM)).toList();
	}

	/**
	 * Return a new HMAC-SHA256 initialized with a key.
	 * @param key the key
	 * @return the MAC, for one thread
	 */
	public static Mac mac(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
