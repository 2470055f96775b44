/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Protects cache values against whoever can write to Redis. With a secret, every value is
 * authenticated with HMAC-SHA256 over the entry key and the value, so a forged value, or
 * a genuine value copied under another credential's key, is a miss; optionally the value
 * is encrypted with AES-GCM instead (the entry key is the associated data), so identity
 * traits, which are personal data, are not readable in Redis either. The keys are derived
 * from the secret, apart from the one that derives the entry keys.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public abstract sealed class ValueProtection
		permits ValueProtection.None, ValueProtection.Authenticated, ValueProtection.Encrypted {

	/**
	 * Values stored as they are.
	 */
	public static final ValueProtection NONE = new None();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	/**
	 * Return the protection for the given settings.
	 * @param secret the secret, or {@code null} for none
	 * @param encrypt whether to encrypt values (requires a secret)
	 * @return the protection
	 */
	public static ValueProtection of(@Nullable String secret, boolean encrypt) {
		if (secret == null || secret.isEmpty()) {
			Assert.isTrue(!encrypt, "Encrypting cache values requires 'authcache.cache.secret'");
			return NONE;
		}
		return encrypt ? new Encrypted(derive(secret, "authcache value encryption", 32))
				: new Authenticated(derive(secret, "authcache value authentication", 32));
	}

	/**
	 * Protect a value for storage under a key.
	 * @param key the entry key
	 * @param value the plain value
	 * @return the stored value
	 */
	public abstract String seal(String key, String value);

	/**
	 * Recover a stored value.
	 * @param key the entry key it was read from
	 * @param stored the stored value
	 * @return the plain value, or {@code null} when the value was not sealed by this
	 * protection under this key
	 */
	public abstract @Nullable String open(String key, String stored);

	private static byte[] derive(String secret, String purpose, int length) {
		byte[] derived = hmac(secret.getBytes(StandardCharsets.UTF_8), purpose.getBytes(StandardCharsets.UTF_8));
		return Arrays.copyOf(derived, length);
	}

	static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	static final class None extends ValueProtection {

		@Override
		public String seal(String key, String value) {
			return value;
		}

		@Override
		public String open(String key, String stored) {
			return stored;
		}

	}

	static final class Authenticated extends ValueProtection {

		private final byte[] macKey;

		Authenticated(byte[] macKey) {
			this.macKey = macKey;
		}

		@Override
		public String seal(String key, String value) {
			return value + '.' + ENCODER.encodeToString(tag(key, value));
		}

		@Override
		public @Nullable String open(String key, String stored) {
			int dot = stored.lastIndexOf('.');
			if (dot < 0) {
				return null;
			}
			String value = stored.substring(0, dot);
			try {
				byte[] tag = DECODER.decode(stored.substring(dot + 1));
				return MessageDigest.isEqual(tag, tag(key, value)) ? value : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

		private byte[] tag(String key, String value) {
			return hmac(this.macKey, (key + '\n' + value).getBytes(StandardCharsets.UTF_8));
		}

	}

	static final class Encrypted extends ValueProtection {

		private static final String PREFIX = "e1.";

		private static final int IV_LENGTH = 12;

		private static final int TAG_BITS = 128;

		private static final SecureRandom random = new SecureRandom();

		private final SecretKeySpec key;

		Encrypted(byte[] key) {
			this.key = new SecretKeySpec(key, "AES");
		}

		@Override
		public String seal(String entryKey, String value) {
			byte[] iv = new byte[IV_LENGTH];
			random.nextBytes(iv);
			try {
				Cipher cipher = cipher(Cipher.ENCRYPT_MODE, entryKey, iv);
				byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
				byte[] stored = new byte[IV_LENGTH + sealed.length];
				System.arraycopy(iv, 0, stored, 0, IV_LENGTH);
				System.arraycopy(sealed, 0, stored, IV_LENGTH, sealed.length);
				return PREFIX + ENCODER.encodeToString(stored);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("AES-GCM is not available", ex);
			}
		}

		@Override
		public @Nullable String open(String entryKey, String stored) {
			if (!stored.startsWith(PREFIX)) {
				return null;
			}
			try {
				byte[] bytes = DECODER.decode(stored.substring(PREFIX.length()));
				if (bytes.length <= IV_LENGTH) {
					return null;
				}
				Cipher cipher = cipher(Cipher.DECRYPT_MODE, entryKey, Arrays.copyOf(bytes, IV_LENGTH));
				byte[] plain = cipher.doFinal(bytes, IV_LENGTH, bytes.length - IV_LENGTH);
				return new String(plain, StandardCharsets.UTF_8);
			}
			catch (GeneralSecurityException | IllegalArgumentException ex) {
				return null;
			}
		}

		private Cipher cipher(int mode, String entryKey, byte[] iv) throws GeneralSecurityException {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(entryKey.getBytes(StandardCharsets.UTF_8));
			return cipher;
		}

	}

}
