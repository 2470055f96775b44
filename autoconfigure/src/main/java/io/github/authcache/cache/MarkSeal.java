/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Authenticates the state instances share about revocations: revocation marks in Redis
 * and invalidation messages on its channel. With a secret, each carries an HMAC-SHA256
 * tag, truncated to 128 bits, made with a key derived from the secret for this purpose
 * only (over the mark key and value, or over the message), and one without a valid tag is
 * ignored and counted ({@link #ignored()}): whoever can write to Redis but does not know
 * the secret can neither revoke nor un-revoke anything. Without a secret ({@link #NONE},
 * only with {@code allow-unauthenticated-values}) nothing is authenticated.
 * <p>
 * Secrets rotate: the first seals, every configured one opens, because during a rotation
 * instances seal with different secrets and each must honour the others' revocations. A
 * mark or message can only take an answer away (make it stale, or refuse a JWT), never
 * authenticate anyone, so a previous secret opening it costs at most upstream calls.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see "docs/design/revocation-marks.md"
 */
public final class MarkSeal {

	/**
	 * No authentication: marks and messages are stored and read as they are.
	 */
	public static final MarkSeal NONE = new MarkSeal(List.of());

	private static final int TAG_LENGTH = 16;

	private static final char SEPARATOR = '.';

	private static final byte MARK = 'm';

	private static final byte MESSAGE = 'i';

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final List<SecretKeySpec> keys;

	private final ThreadLocal<Mac[]> macs;

	private final IgnoredMarks ignored = new IgnoredMarks();

	private MarkSeal(List<SecretKeySpec> keys) {
		this.keys = keys;
		this.macs = ThreadLocal.withInitial(() -> this.keys.stream().map(PurposeKeys::mac).toArray(Mac[]::new));
	}

	/**
	 * Return the seal for rotating secrets: the current one seals, every one opens.
	 * @param secret the current secret, or {@code null} for none
	 * @param previousSecrets earlier or upcoming secrets, still honoured during a
	 * rotation
	 * @return the seal
	 */
	public static MarkSeal of(@Nullable String secret, List<String> previousSecrets) {
		if (secret == null || secret.isEmpty()) {
			return new MarkSeal(List.of());
		}
		List<String> secrets = new ArrayList<>();
		secrets.add(secret);
		secrets.addAll(previousSecrets);
		return new MarkSeal(PurposeKeys.hmacKeys(secrets, "authcache revocation authentication"));
	}

	/**
	 * Whether marks and messages are authenticated (there is a secret).
	 * @return whether a valid tag is required
	 */
	public boolean isAuthenticating() {
		return !this.keys.isEmpty();
	}

	/**
	 * Return the count of the marks and messages ignored.
	 * @return the ignored marks
	 */
	public IgnoredMarks ignored() {
		return this.ignored;
	}

	/**
	 * Seal a mark's value for storage under its key.
	 * @param markKey the mark key
	 * @param value the value
	 * @return the stored value: the value, a dot and the tag
	 */
	public String sealMark(String markKey, String value) {
		return isAuthenticating() ? value + SEPARATOR + tag(this.macs.get()[0], MARK, markKey, value) : value;
	}

	/**
	 * Recover a mark's value read from its key.
	 * @param markKey the mark key
	 * @param stored the stored value
	 * @return the value, or {@code null} (counted as ignored) when it carries no valid
	 * tag for this key
	 */
	public @Nullable String openMark(String markKey, String stored) {
		if (!isAuthenticating()) {
			return stored;
		}
		int separator = stored.lastIndexOf(SEPARATOR);
		String value = (separator >= 0) ? stored.substring(0, separator) : null;
		return opened(value, (value != null) ? stored.substring(separator + 1) : "", MARK, markKey);
	}

	/**
	 * Seal an invalidation message.
	 * @param message the message
	 * @return the sealed message: the tag, a dot and the message
	 */
	public String sealMessage(String message) {
		return isAuthenticating() ? tag(this.macs.get()[0], MESSAGE, "", message) + SEPARATOR + message : message;
	}

	/**
	 * Recover an invalidation message.
	 * @param sealed the sealed message
	 * @return the message, or {@code null} (counted as ignored) when it carries no valid
	 * tag
	 */
	public @Nullable String openMessage(String sealed) {
		if (!isAuthenticating()) {
			return sealed;
		}
		int separator = sealed.indexOf(SEPARATOR);
		String message = (separator >= 0) ? sealed.substring(separator + 1) : null;
		return opened(message, (message != null) ? sealed.substring(0, separator) : "", MESSAGE, "");
	}

	private @Nullable String opened(@Nullable String value, String tag, byte domain, String key) {
		if (value != null) {
			byte[] given = decode(tag);
			for (Mac mac : this.macs.get()) {
				if (given != null && MessageDigest.isEqual(given, rawTag(mac, domain, key, value))) {
					return value;
				}
			}
		}
		this.ignored.ignored(IgnoredMarks.Reason.UNAUTHENTICATED);
		return null;
	}

	private static String tag(Mac mac, byte domain, String key, String value) {
		return ENCODER.encodeToString(rawTag(mac, domain, key, value));
	}

	/**
	 * Return the tag of a value under a key: the HMAC of the domain (mark or message),
	 * the key's length, the key and the value, so that neither a mark and a message nor
	 * key and value can shift into one another.
	 * @param mac the MAC, initialized with the key of one secret
	 * @param domain what is tagged: a mark or a message
	 * @param key the mark key, empty for a message
	 * @param value the value or message
	 * @return the first {@link #TAG_LENGTH} bytes of the HMAC
	 */
	private static byte[] rawTag(Mac mac, byte domain, String key, String value) {
		byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
		mac.update(domain);
		for (int shift = 24; shift >= 0; shift -= 8) {
			mac.update((byte) (keyBytes.length >>> shift));
		}
		mac.update(keyBytes);
		mac.update(value.getBytes(StandardCharsets.UTF_8));
		return Arrays.copyOf(mac.doFinal(), TAG_LENGTH);
	}

	private static byte @Nullable [] decode(String tag) {
		try {
			return DECODER.decode(tag);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
