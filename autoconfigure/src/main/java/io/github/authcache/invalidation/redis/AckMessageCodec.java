/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.authcache.cache.PurposeKeys;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes the acknowledgement of one invalidation message, for example
 * <code>{"v":1,"from":"…","proof":"…"}</code>: who applied it, and a proof that names the
 * message, HMAC-SHA256 over the message and the acknowledging instance's id with a key
 * derived from the cache secret for acknowledgements only ({@link PurposeKeys}; SHA-256
 * without a secret). An acknowledgement is thus no easier to forge than the message it
 * acknowledges, and counts for that message only. A message that cannot be read is
 * {@code null}, never an exception.
 *
 * @author authcache authors
 */
final class AckMessageCodec {

	private static final int VERSION = 1;

	/**
	 * The purpose the key is derived for.
	 */
	static final String PURPOSE = "authcache invalidation acknowledgement";

	private static final byte[] CONTEXT = "authcache-ack\n".getBytes(StandardCharsets.UTF_8);

	private final JsonMapper json = JsonMapper.shared();

	private final @Nullable SecretKeySpec key;

	AckMessageCodec(@Nullable String secret) {
		this.key = (secret != null && !secret.isEmpty())
				? new SecretKeySpec(PurposeKeys.derive(secret, PURPOSE), "HmacSHA256") : null;
	}

	String encode(String message, String from) {
		return this.json.writeValueAsString(this.json.createObjectNode()
			.put("v", VERSION)
			.put("from", from)
			.put("proof", Base64.getUrlEncoder().withoutPadding().encodeToString(proof(message, from))));
	}

	@Nullable Ack decode(String value) {
		try {
			JsonNode ack = this.json.readTree(value);
			String from = ack.path("from").stringValue(null);
			String proof = ack.path("proof").stringValue(null);
			if (ack.path("v").asInt(0) != VERSION || from == null || from.isEmpty() || proof == null) {
				return null;
			}
			return new Ack(from, Base64.getUrlDecoder().decode(proof));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	boolean acknowledges(Ack ack, String message) {
		return MessageDigest.isEqual(ack.proof(), proof(message, ack.from()));
	}

	private byte[] proof(String message, String from) {
		byte[] material = (message + "\n" + from).getBytes(StandardCharsets.UTF_8);
		try {
			if (this.key == null) {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				digest.update(CONTEXT);
				return digest.digest(material);
			}
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			mac.update(CONTEXT);
			return mac.doFinal(material);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 and SHA-256 are required of every Java platform", ex);
		}
	}

	/**
	 * An acknowledgement as read.
	 *
	 * @param from the id of the instance that applied the message
	 * @param proof the proof that names the message
	 */
	record Ack(String from, byte[] proof) {

	}

}
