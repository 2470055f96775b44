/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Protects cache values against whoever can write to Redis, and turns them into the text
 * the store keeps (base64url). With a secret, every value is authenticated with
 * HMAC-SHA256 over the entry key and the value, truncated to 128 bits (RFC 2104 §5, NIST
 * SP 800-107), so a forged or altered value, or a genuine value copied under another
 * credential's key, is a miss; optionally the value is encrypted with AES-GCM instead
 * (the entry key is the associated data), so identity traits, which are personal data,
 * are not readable in Redis either. The keys are derived from the secret, apart from the
 * one that derives the entry keys.
 * <p>
 * A value opens only with the secret that sealed it, the one its entry key is derived
 * with ({@link CacheKeys#entryKey}): during a rotation an entry is read only under the
 * current secret's key, so a previous secret (perhaps the one rotated away after a leak)
 * can never seal a value that is accepted. Each thread keeps its own initialized
 * {@link Mac} and {@link Cipher}, so no lookup asks the security providers for one.
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

	private static final ThreadLocal<Decoded> DECODED = ThreadLocal.withInitial(Decoded::new);

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
		return encrypt ? new Encrypted(PurposeKeys.derive(secret, "authcache value encryption"))
				: new Authenticated(PurposeKeys.derive(secret, "authcache value authentication"));
	}

	/**
	 * Protect a value for storage under a key.
	 * @param key the entry key
	 * @param value the plain value
	 * @return the stored value
	 */
	public abstract String seal(String key, byte[] value);

	/**
	 * Recover a stored value.
	 * @param key the entry key it was read from
	 * @param stored the stored value
	 * @return the plain value (the buffer's remaining bytes), or {@code null} when the
	 * value was not sealed by this protection under this key. The buffer may be this
	 * thread's, overwritten by its next {@code open}: read it before opening another
	 * value.
	 */
	public final @Nullable ByteBuffer open(String key, String stored) {
		return open(key, stored.getBytes(StandardCharsets.ISO_8859_1));
	}

	/**
	 * Recover a stored value from the bytes the store returned (the value is decoded from
	 * them directly, with no string in between).
	 * @param key the entry key it was read from
	 * @param stored the stored value's bytes
	 * @return the plain value (the buffer's remaining bytes), or {@code null} when the
	 * value was not sealed by this protection under this key. The buffer may be this
	 * thread's, overwritten by its next {@code open}: read it before opening another
	 * value.
	 */
	public abstract @Nullable ByteBuffer open(String key, byte[] stored);

	/**
	 * Decode a stored value's base64url into this thread's buffer, which the next decode
	 * on this thread overwrites: a value is opened and read on one thread, and the reader
	 * copies out what it keeps, so a hit allocates no array for the value.
	 * @param stored the stored value's bytes
	 * @return the buffer holding the decoded bytes from index 0, or {@code null} when the
	 * value is not base64url
	 */
	private static @Nullable Decoded decode(byte[] stored) {
		Decoded decoded = DECODED.get();
		int maxLength = stored.length / 4 * 3 + 2;
		if (decoded.bytes.length < maxLength) {
			decoded.bytes = new byte[maxLength];
		}
		try {
			decoded.length = DECODER.decode(stored, decoded.bytes);
			return decoded;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * A thread's buffer for decoded values.
	 */
	private static final class Decoded {

		private byte[] bytes = new byte[512];

		private int length;

	}

	static final class None extends ValueProtection {

		@Override
		public String seal(String key, byte[] value) {
			return ENCODER.encodeToString(value);
		}

		@Override
		public @Nullable ByteBuffer open(String key, byte[] stored) {
			Decoded decoded = decode(stored);
			return (decoded != null) ? ByteBuffer.wrap(decoded.bytes, 0, decoded.length) : null;
		}

	}

	static final class Authenticated extends ValueProtection {

		private static final int TAG_LENGTH = 16;

		private final SecretKeySpec macKey;

		private final ThreadLocal<Mac> macs;

		Authenticated(byte[] macKey) {
			this.macKey = new SecretKeySpec(macKey, "HmacSHA256");
			this.macs = ThreadLocal.withInitial(() -> PurposeKeys.mac(this.macKey));
		}

		@Override
		public String seal(String key, byte[] value) {
			byte[] sealed = new byte[value.length + TAG_LENGTH];
			System.arraycopy(value, 0, sealed, 0, value.length);
			System.arraycopy(tag(this.macs.get(), key, sealed, value.length), 0, sealed, value.length, TAG_LENGTH);
			return ENCODER.encodeToString(sealed);
		}

		@Override
		public @Nullable ByteBuffer open(String key, byte[] stored) {
			Decoded decoded = decode(stored);
			if (decoded == null || decoded.length <= TAG_LENGTH) {
				return null;
			}
			byte[] sealed = decoded.bytes;
			int length = decoded.length - TAG_LENGTH;
			return isEqual(tag(this.macs.get(), key, sealed, length), sealed, length)
					? ByteBuffer.wrap(sealed, 0, length) : null;
		}

		/**
		 * Return the full HMAC of the entry key (its length first, so key and value
		 * cannot shift into one another) and the value.
		 * @param mac the MAC, initialized with the key
		 * @param key the entry key
		 * @param value the array that starts with the value
		 * @param length the length of the value
		 * @return the HMAC, of which the first {@link #TAG_LENGTH} bytes are the tag
		 */
		private static byte[] tag(Mac mac, String key, byte[] value, int length) {
			byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
			for (int shift = 24; shift >= 0; shift -= 8) {
				mac.update((byte) (keyBytes.length >>> shift));
			}
			mac.update(keyBytes);
			mac.update(value, 0, length);
			return mac.doFinal();
		}

		/**
		 * Compare the first {@link #TAG_LENGTH} bytes of a tag with the stored ones in
		 * constant time.
		 * @param tag the tag computed
		 * @param sealed the stored value and tag
		 * @param offset where the stored tag starts
		 * @return whether the tags are equal
		 */
		private static boolean isEqual(byte[] tag, byte[] sealed, int offset) {
			int difference = 0;
			for (int i = 0; i < TAG_LENGTH; i++) {
				difference |= tag[i] ^ sealed[offset + i];
			}
			return difference == 0;
		}

	}

	static final class Encrypted extends ValueProtection {

		private static final int IV_LENGTH = 12;

		private static final int TAG_BITS = 128;

		private static final SecureRandom random = new SecureRandom();

		private static final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(Encrypted::aesGcm);

		private final SecretKeySpec key;

		Encrypted(byte[] key) {
			this.key = new SecretKeySpec(key, "AES");
		}

		@Override
		public String seal(String entryKey, byte[] value) {
			byte[] iv = new byte[IV_LENGTH];
			random.nextBytes(iv);
			byte[] sealed = new byte[IV_LENGTH + value.length + TAG_BITS / 8];
			System.arraycopy(iv, 0, sealed, 0, IV_LENGTH);
			try {
				Cipher cipher = cipher(Cipher.ENCRYPT_MODE, this.key, entryKey, sealed);
				cipher.doFinal(value, 0, value.length, sealed, IV_LENGTH);
				return ENCODER.encodeToString(sealed);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("AES-GCM failed to encrypt", ex);
			}
		}

		@Override
		public @Nullable ByteBuffer open(String entryKey, byte[] stored) {
			Decoded decoded = decode(stored);
			if (decoded == null || decoded.length < IV_LENGTH + TAG_BITS / 8) {
				return null;
			}
			byte[] sealed = decoded.bytes;
			try {
				Cipher cipher = cipher(Cipher.DECRYPT_MODE, this.key, entryKey, sealed);
				return ByteBuffer.wrap(cipher.doFinal(sealed, IV_LENGTH, decoded.length - IV_LENGTH));
			}
			catch (GeneralSecurityException ex) {
				// Sealed under another key, or not at all
				return null;
			}
		}

		private static Cipher cipher(int mode, SecretKeySpec key, String entryKey, byte[] sealed)
				throws GeneralSecurityException {
			Cipher cipher = ciphers.get();
			cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_LENGTH));
			cipher.updateAAD(entryKey.getBytes(StandardCharsets.UTF_8));
			return cipher;
		}

		private static Cipher aesGcm() {
			try {
				return Cipher.getInstance("AES/GCM/NoPadding");
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("AES-GCM is not available", ex);
			}
		}

	}

}
