/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

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
 * <p>
 * Secrets rotate: the first of a list seals, every one of them opens.
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
		return of(secret, List.of(), encrypt);
	}

	/**
	 * Return the protection for rotating secrets: the current one seals, every one opens.
	 * @param secret the current secret, or {@code null} for none
	 * @param previousSecrets earlier secrets, still accepted during a rotation
	 * @param encrypt whether to encrypt values (requires a secret)
	 * @return the protection
	 */
	public static ValueProtection of(@Nullable String secret, List<String> previousSecrets, boolean encrypt) {
		if (secret == null || secret.isEmpty()) {
			Assert.isTrue(!encrypt, "Encrypting cache values requires 'authcache.cache.secret'");
			Assert.isTrue(previousSecrets.isEmpty(), "'previousSecrets' require a 'secret'");
			return NONE;
		}
		List<String> secrets = new ArrayList<>();
		secrets.add(secret);
		secrets.addAll(previousSecrets);
		return encrypt ? new Encrypted(derive(secrets, "authcache value encryption"))
				: new Authenticated(derive(secrets, "authcache value authentication"));
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

	private static List<byte[]> derive(List<String> secrets, String purpose) {
		return secrets.stream()
			.map((secret) -> hmac(secret.getBytes(StandardCharsets.UTF_8), purpose.getBytes(StandardCharsets.UTF_8)))
			.toList();
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

		private final List<byte[]> macKeys;

		Authenticated(List<byte[]> macKeys) {
			this.macKeys = macKeys;
		}

		@Override
		public String seal(String key, String value) {
			return value + '.' + ENCODER.encodeToString(tag(this.macKeys.get(0), key, value));
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
				for (byte[] macKey : this.macKeys) {
					if (MessageDigest.isEqual(tag, tag(macKey, key, value))) {
						return value;
					}
				}
				return null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

		private static byte[] tag(byte[] macKey, String key, String value) {
			return hmac(macKey, (key + '\n' + value).getBytes(StandardCharsets.UTF_8));
		}

	}

	static final class Encrypted extends ValueProtection {

		private static final String PREFIX = "e1.";

		private static final int IV_LENGTH = 12;

		private static final int TAG_BITS = 128;

		private static final SecureRandom random = new SecureRandom();

		private final List<SecretKeySpec> keys;

		Encrypted(List<byte[]> keys) {
			this.keys = keys.stream().map((key) -> new SecretKeySpec(key, "AES")).toList();
		}

		@Override
		public String seal(String entryKey, String value) {
			byte[] iv = new byte[IV_LENGTH];
			random.nextBytes(iv);
			try {
				Cipher cipher = cipher(Cipher.ENCRYPT_MODE, this.keys.get(0), entryKey, iv);
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
				for (SecretKeySpec key : this.keys) {
					String plain = decrypt(key, entryKey, bytes);
					if (plain != null) {
						return plain;
					}
				}
				return null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

		private static @Nullable String decrypt(SecretKeySpec key, String entryKey, byte[] bytes) {
			try {
				Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, entryKey, Arrays.copyOf(bytes, IV_LENGTH));
				byte[] plain = cipher.doFinal(bytes, IV_LENGTH, bytes.length - IV_LENGTH);
				return new String(plain, StandardCharsets.UTF_8);
			}
			catch (GeneralSecurityException ex) {
				return null;
			}
		}

		private static Cipher cipher(int mode, SecretKeySpec key, String entryKey, byte[] iv)
				throws GeneralSecurityException {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(entryKey.getBytes(StandardCharsets.UTF_8));
			return cipher;
		}

	}

}
