/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.authcache.cache.Invalidation;
import io.github.authcache.cache.MarkSeal;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes an {@link Invalidation} and its sender as a small JSON message, for example
 * <code>{"v":1,"type":"USER","target":"u-1","at":1767225600000000,"sender":"…"}</code>
 * ({@code at} in microseconds), sealed with a {@link MarkSeal} (with a secret, its MAC
 * and a dot come first). A message that cannot be read or carries no valid MAC is
 * {@code null}, never an exception. Messages are read and written as JSON trees, never
 * bound to classes by reflection, so a native image needs no reflection hints for them.
 *
 * @author authcache authors
 */
final class InvalidationMessageCodec {

	private static final int VERSION = 1;

	private final JsonMapper json = JsonMapper.shared();

	private final MarkSeal seal;

	InvalidationMessageCodec(MarkSeal seal) {
		this.seal = seal;
	}

	String encode(Invalidation invalidation, String sender) {
		ObjectNode message = this.json.createObjectNode()
			.put("v", VERSION)
			.put("type", invalidation.type().name())
			.put("target", invalidation.target())
			.put("at", ChronoUnit.MICROS.between(Instant.EPOCH, invalidation.at()))
			.put("sender", sender);
		return this.seal.sealMessage(this.json.writeValueAsString(message));
	}

	@Nullable Received decode(String sealed) {
		String value = this.seal.openMessage(sealed);
		if (value == null) {
			return null;
		}
		try {
			JsonNode message = this.json.readTree(value);
			String type = message.path("type").stringValue(null);
			String target = message.path("target").stringValue(null);
			String sender = message.path("sender").stringValue(null);
			if (message.path("v").asInt(0) != VERSION || type == null || target == null || target.isEmpty()
					|| sender == null) {
				return null;
			}
			Invalidation invalidation = new Invalidation(Invalidation.Type.valueOf(type), target,
					Instant.EPOCH.plus(message.path("at").asLong(0), ChronoUnit.MICROS));
			return new Received(invalidation, sender);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * A message as read: the invalidation and who sent it.
	 *
	 * @param invalidation the invalidation
	 * @param sender the id of the instance that sent it
	 */
	record Received(Invalidation invalidation, String sender) {

	}

}
