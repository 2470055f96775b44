/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import io.github.authcache.cache.PurposeKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The server-provided nonces of DPoP proofs (RFC 9449 section 8) that every instance
 * issues and accepts without sharing any state: a nonce names a time window and carries
 * an HMAC-SHA256 tag of it (truncated to 128 bits) made with a key derived from the cache
 * secret for this purpose only. A new nonce is issued each window; one is accepted from
 * the start of its window to the end of the next, widened by the clock skew at either end
 * (other instances' clocks may run that far ahead or behind). Secrets rotate: the first
 * issues, every configured one is accepted.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class DPoPNonces {

	private static final String PURPOSE = "authcache DPoP nonce";

	private static final int TAG_LENGTH = 16;

	private static final int LENGTH = Long.BYTES + TAG_LENGTH;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final List<SecretKeySpec> keys;

	private final Duration window;

	private final Duration clockSkew;

	private final Clock clock;

	/**
	 * The nonce of the latest window asked for: served DPoP requests each carry it.
	 */
	private volatile @Nullable Issued issued;

	/**
	 * Create the nonces of rotating secrets.
	 * @param secret the current cache secret, which issues
	 * @param previousSecrets the other secrets of a rotation, accepted too
	 * @param window how long a nonce is issued for
	 * @param clockSkew how far the instances' clocks may differ
	 * @param clock the clock
	 */
	public DPoPNonces(String secret, List<String> previousSecrets, Duration window, Duration clockSkew, Clock clock) {
		Assert.hasLength(secret, "'secret' must not be empty");
		Assert.isTrue(!window.isNegative() && !window.isZero(), "'window' must be positive");
		Assert.isTrue(!clockSkew.isNegative(), "'clockSkew' must not be negative");
		Assert.notNull(clock, "'clock' must not be null");
		List<String> secrets = new ArrayList<>();
		secrets.add(secret);
		secrets.addAll(previousSecrets);
		this.keys = PurposeKeys.hmacKeys(secrets, PURPOSE);
		this.window = window;
		this.clockSkew = clockSkew;
		this.clock = clock;
	}

	/**
	 * Return the nonce of the current window.
	 * @return the nonce, base64url
	 */
	public String current() {
		long window = window(this.clock.instant());
		Issued issued = this.issued;
		if (issued == null || issued.window() != window) {
			byte[] nonce = ByteBuffer.allocate(LENGTH).putLong(window).put(tag(this.keys.get(0), window)).array();
			issued = new Issued(window, ENCODER.encodeToString(nonce));
			this.issued = issued;
		}
		return issued.nonce();
	}

	/**
	 * Return whether a proof's nonce is accepted now: issued with one of the secrets for
	 * this window or the one before, give or take the clock skew.
	 * @param nonce the proof's {@code nonce} claim, if any
	 * @return whether it is accepted
	 */
	public boolean accepts(@Nullable String nonce) {
		byte[] decoded = decode(nonce);
		if (decoded == null || decoded.length != LENGTH) {
			return false;
		}
		ByteBuffer buffer = ByteBuffer.wrap(decoded);
		long window = buffer.getLong();
		Instant now = this.clock.instant();
		if (window < window(now.minus(this.window).minus(this.clockSkew))
				|| window > window(now.plus(this.clockSkew))) {
			return false;
		}
		byte[] tag = Arrays.copyOfRange(decoded, Long.BYTES, LENGTH);
		return this.keys.stream().anyMatch((key) -> MessageDigest.isEqual(tag, tag(key, window)));
	}

	private long window(Instant instant) {
		return Math.floorDiv(instant.toEpochMilli(), this.window.toMillis());
	}

	private static byte[] tag(SecretKeySpec key, long window) {
		byte[] mac = PurposeKeys.mac(key).doFinal(ByteBuffer.allocate(Long.BYTES).putLong(window).array());
		return Arrays.copyOf(mac, TAG_LENGTH);
	}

	private static byte @Nullable [] decode(@Nullable String nonce) {
		try {
			return (nonce != null) ? DECODER.decode(nonce) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private record Issued(long window, String nonce) {

	}

}
