/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialKind;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Derives Redis keys. An entry key is {@code <prefix><kind>:<h>} where {@code h} is the
 * base64url HMAC-SHA256 (with a secret) or SHA-256 (without) of the resolver's cache
 * namespace, the credential type and the credential: the same on every instance, and
 * never the credential itself. A user's tag set is {@code <prefix>user:<id>} and a
 * session's {@code <prefix>sid:<id>}, with every character outside
 * {@code [A-Za-z0-9._@-]} percent-encoded so no id can reach into another key. Revocation
 * marks live under {@code <prefix>revoked:}, JWT blacklist marks under
 * {@code <prefix>jti:} and used one-time tokens under {@code <prefix>used:}.
 * <p>
 * Secrets rotate: entry keys are derived with the first secret, so an entry written under
 * an earlier secret is a miss (asked upstream once again). The keys under every secret
 * are known ({@link #entryKeys}), so a credential's revocation reaches the entries and
 * marks of instances that still derive with an earlier secret. Session, user and JWT id
 * marks do not depend on the secret at all.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class CacheKeys {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final int HASH_BYTES = 24;

	private final String prefix;

	private final @Nullable SecretKeySpec secret;

	private final List<SecretKeySpec> earlierSecrets;

	private final ThreadLocal<Mac> macs;

	private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(CacheKeys::sha256);

	private final ThreadLocal<KeyBuffer> buffers = ThreadLocal.withInitial(KeyBuffer::new);

	private final Map<String, byte[]> namespaces = new ConcurrentHashMap<>();

	private final String[] entryKeyPrefixes;

	private final byte[][] entryKeyPrefixBytes;

	/**
	 * Create keys with the given prefix.
	 * @param prefix the key prefix, for example {@code authcache:}
	 * @param secret the HMAC secret, or {@code null} to hash with plain SHA-256
	 */
	public CacheKeys(String prefix, @Nullable String secret) {
		this(prefix, secret, List.of());
	}

	/**
	 * Create keys with the given prefix and rotating secrets.
	 * @param prefix the key prefix, for example {@code authcache:}
	 * @param secret the current HMAC secret, or {@code null} to hash with plain SHA-256
	 * @param previousSecrets earlier secrets, still known during a rotation
	 */
	public CacheKeys(String prefix, @Nullable String secret, List<String> previousSecrets) {
		Assert.notNull(prefix, "'prefix' must not be null");
		Assert.noNullElements(previousSecrets, "'previousSecrets' must not contain null elements");
		Assert.isTrue(previousSecrets.isEmpty() || secret != null, "'previousSecrets' require a 'secret'");
		this.prefix = prefix;
		this.secret = (secret != null && !secret.isEmpty()) ? hmacKey(secret) : null;
		this.earlierSecrets = previousSecrets.stream().map(CacheKeys::hmacKey).toList();
		this.macs = ThreadLocal.withInitial(() -> hmac(this.secret));
		this.entryKeyPrefixes = Arrays.stream(CredentialKind.values())
			.map((kind) -> prefix + kind.tagValue() + ':')
			.toArray(String[]::new);
		this.entryKeyPrefixBytes = Arrays.stream(this.entryKeyPrefixes).map(CacheKeys::utf8).toArray(byte[][]::new);
	}

	/**
	 * Return the key of a credential's entry.
	 * @param namespace the resolver's cache namespace
	 * @param credential the credential
	 * @return the entry key
	 */
	public String entryKey(String namespace, Credential credential) {
		KeyBuffer buffer = this.buffers.get();
		buffer.material(this.namespaces.computeIfAbsent(namespace, CacheKeys::utf8), credential);
		try {
			if (this.secret != null) {
				Mac mac = this.macs.get();
				mac.update(buffer.material, 0, buffer.length);
				mac.doFinal(buffer.hash, 0);
			}
			else {
				MessageDigest digest = this.digests.get();
				digest.update(buffer.material, 0, buffer.length);
				digest.digest(buffer.hash, 0, buffer.hash.length);
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The entry key hash failed", ex);
		}
		return buffer.key(this.entryKeyPrefixBytes[credential.kind().ordinal()]);
	}

	/**
	 * Return the keys a credential's entry has under every secret: the current one
	 * ({@link #entryKey}) first, then one per earlier secret.
	 * @param namespace the resolver's cache namespace
	 * @param credential the credential
	 * @return the entry keys
	 */
	public List<String> entryKeys(String namespace, Credential credential) {
		if (this.earlierSecrets.isEmpty()) {
			return List.of(entryKey(namespace, credential));
		}
		List<String> keys = new ArrayList<>();
		keys.add(entryKey(namespace, credential));
		byte[] material = material(namespace, credential);
		this.earlierSecrets.forEach((secret) -> keys.add(entryKey(credential, hmac(secret).doFinal(material))));
		return keys;
	}

	private static SecretKeySpec hmacKey(String secret) {
		return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	private static byte[] material(String namespace, Credential credential) {
		return utf8(namespace + '\n' + credential.type().name() + '\n' + credential.value());
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private String entryKey(Credential credential, byte[] hash) {
		return entryKeyPrefix(credential.kind()) + encode(hash);
	}

	/**
	 * Return the prefix shared by all entry keys of a kind.
	 * @param kind the credential kind
	 * @return the prefix, for example {@code authcache:session:}
	 */
	public String entryKeyPrefix(CredentialKind kind) {
		return this.entryKeyPrefixes[kind.ordinal()];
	}

	/**
	 * Return the key of a session's tag set: all entries of one session.
	 * @param sessionId the session id
	 * @return the tag set key
	 */
	public String sessionKey(String sessionId) {
		return this.prefix + "sid:" + escape(sessionId);
	}

	/**
	 * Return the key of a credential's revocation mark.
	 * @param entryKey the credential's entry key
	 * @return the mark key
	 */
	public String credentialMarkKey(String entryKey) {
		return this.prefix + "revoked:" + entryKey.substring(this.prefix.length());
	}

	/**
	 * Return the key of a session's revocation mark.
	 * @param sessionId the session id
	 * @return the mark key
	 */
	public String sessionMarkKey(String sessionId) {
		return this.prefix + "revoked:sid:" + escape(sessionId);
	}

	/**
	 * Return the key of a user's revocation mark.
	 * @param userId the user id
	 * @return the mark key
	 */
	public String userMarkKey(String userId) {
		return this.prefix + "revoked:user:" + escape(userId);
	}

	/**
	 * Return the key of an issuer's not-before watermark.
	 * @param issuer the issuer
	 * @return the mark key
	 */
	public String notBeforeMarkKey(String issuer) {
		byte[] hash = this.digests.get().digest(("not-before\n" + issuer).getBytes(StandardCharsets.UTF_8));
		return this.prefix + "revoked:nbf:" + BASE64URL.encodeToString(hash);
	}

	/**
	 * Return the key of a JWT's blacklist mark: keyed on issuer and JWT id, never on a
	 * hash of the token, because a JWT can be re-encoded and still verify.
	 * @param issuer the issuer
	 * @param jti the JWT id
	 * @return the mark key
	 */
	public String jtiMarkKey(String issuer, String jti) {
		byte[] hash = this.digests.get().digest((issuer + '\n' + jti).getBytes(StandardCharsets.UTF_8));
		return this.prefix + "jti:" + BASE64URL.encodeToString(hash);
	}

	/**
	 * Return the key that records the use of a one-time token (a back-channel logout
	 * token), keyed on issuer and JWT id.
	 * @param issuer the issuer
	 * @param jti the JWT id
	 * @return the key
	 */
	public String usedTokenKey(String issuer, String jti) {
		byte[] hash = this.digests.get().digest((issuer + '\n' + jti).getBytes(StandardCharsets.UTF_8));
		return this.prefix + "used:" + BASE64URL.encodeToString(hash);
	}

	/**
	 * Return the key of the blacklist mark of an identity's JWT id, if it has one.
	 * @param identity the identity
	 * @return the mark key, or {@code null} when the identity has no JWT id
	 */
	public @Nullable String jtiMarkKey(Identity identity) {
		if (identity.tokenId() == null) {
			return null;
		}
		Object issuer = identity.attributes().get("iss");
		return jtiMarkKey((issuer != null) ? issuer.toString() : "", identity.tokenId());
	}

	/**
	 * Return the key of the failed authentication counter of a client address in a
	 * window. The address is hashed (with the secret when there is one), so the keys do
	 * not list the clients' addresses.
	 * @param address the client address
	 * @param window the window number
	 * @return the counter key
	 */
	public String failureKey(String address, long window) {
		return this.prefix + "failures:" + hash("failures\n" + address) + ':' + window;
	}

	/**
	 * Return the key of a user's tag set.
	 * @param userId the user id (the identity's subject)
	 * @return the tag set key
	 */
	public String userKey(String userId) {
		return this.prefix + "user:" + escape(userId);
	}

	private String hash(String value) {
		return encode(hash(value.getBytes(StandardCharsets.UTF_8)));
	}

	private byte[] hash(byte[] material) {
		return (this.secret != null) ? this.macs.get().doFinal(material) : this.digests.get().digest(material);
	}

	private static String encode(byte[] hash) {
		// 192 bits of the hash: far beyond any collision risk, 11 bytes shorter in every
		// key and tag set member
		return BASE64URL.encodeToString(Arrays.copyOf(hash, HASH_BYTES));
	}

	private static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '@' || c == '-';
			if (plain) {
				escaped.append(c);
			}
			else {
				escaped.append('%')
					.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
			}
		}
		return escaped.toString();
	}

	private static Mac hmac(@Nullable SecretKeySpec secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			if (secret != null) {
				mac.init(secret);
			}
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * A thread's buffers for the hash of an entry key: its material
	 * ({@code namespace \n type \n credential} in UTF-8) and the hash.
	 */
	private static final class KeyBuffer {

		private static final byte[][] TYPE_NAMES = Arrays.stream(CredentialType.values())
			.map((type) -> utf8('\n' + type.name() + '\n'))
			.toArray(byte[][]::new);

		byte[] material = new byte[512];

		int length;

		final byte[] hash = new byte[32];

		private final byte[] truncated = new byte[HASH_BYTES];

		private final byte[] encoded = new byte[(HASH_BYTES * 4 + 2) / 3];

		private byte[] key = new byte[128];

		void material(byte[] namespace, Credential credential) {
			this.length = 0;
			append(namespace);
			append(TYPE_NAMES[credential.type().ordinal()]);
			String value = credential.value();
			ensureCapacity(this.length + value.length());
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c >= 0x80) {
					// Not ASCII: encode the whole value as UTF-8
					this.length -= i;
					append(utf8(value));
					return;
				}
				this.material[this.length++] = (byte) c;
			}
		}

		/**
		 * Return the entry key of the hash: the prefix and the base64url of the hash's
		 * first {@link #HASH_BYTES} bytes, built in this buffer and made a string once.
		 * @param prefix the entry key prefix in UTF-8
		 * @return the entry key
		 */
		String key(byte[] prefix) {
			int length = prefix.length + this.encoded.length;
			if (length > this.key.length) {
				this.key = new byte[length];
			}
			System.arraycopy(prefix, 0, this.key, 0, prefix.length);
			System.arraycopy(this.hash, 0, this.truncated, 0, HASH_BYTES);
			BASE64URL.encode(this.truncated, this.encoded);
			System.arraycopy(this.encoded, 0, this.key, prefix.length, this.encoded.length);
			return new String(this.key, 0, length, StandardCharsets.UTF_8);
		}

		private void append(byte[] bytes) {
			ensureCapacity(this.length + bytes.length);
			System.arraycopy(bytes, 0, this.material, this.length, bytes.length);
			this.length += bytes.length;
		}

		private void ensureCapacity(int capacity) {
			if (capacity > this.material.length) {
				this.material = Arrays.copyOf(this.material, Math.max(capacity, this.material.length * 2));
			}
		}

	}

}
