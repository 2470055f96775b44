/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.authcache.cache.Invalidation;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes an {@link Invalidation} and its sender as a small JSON message, for example
 * <code>{"v":1,"type":"USER","target":"u-1","at":1767225600000000,"sender":"…"}</code>
 * ({@code at} in microseconds). A message that cannot be read is {@code null}, never an
 * exception.
 *
 * @author authcache authors
 */
final class InvalidationMessageCodec {

	private static final int VERSION = 1;

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	String encode(Invalidation invalidation, String sender) {
		return this.json.writeValueAsString(new Message(VERSION, invalidation.type().name(), invalidation.target(),
				ChronoUnit.MICROS.between(Instant.EPOCH, invalidation.at()), sender));
	}

	@Nullable Received decode(String value) {
		try {
			Message message = this.json.readValue(value, Message.class);
			if (message.version() != VERSION || message.type() == null || message.target() == null
					|| message.target().isEmpty() || message.sender() == null) {
				return null;
			}
			Invalidation invalidation = new Invalidation(Invalidation.Type.valueOf(message.type()), message.target(),
					Instant.EPOCH.plus(message.at(), ChronoUnit.MICROS));
			return new Received(invalidation, message.sender());
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

	private record Message(@JsonProperty("v") int version, @JsonProperty("type") @Nullable String type,
			@JsonProperty("target") @Nullable String target, @JsonProperty("at") long at,
			@JsonProperty("sender") @Nullable String sender) {

	}

}
