/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.authcache.resolver.Identity;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads cache values: a small, versioned JSON document of fixed shape, read
 * without any polymorphic typing. A value that is corrupt, of another version, or of a
 * foreign shape reads as {@code null} (a miss), never as an error.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class CacheEntryCodec {

	/**
	 * The version of the value format this codec writes and reads.
	 */
	public static final int VERSION = 1;

	private final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	/**
	 * Encode an entry.
	 * @param entry the entry
	 * @return the value to store
	 */
	public String encode(CacheEntry entry) {
		Identity identity = entry.identity();
		long fetchedAt = entry.fetchedAt().toEpochMilli();
		if (identity == null) {
			return this.json
				.writeValueAsString(new Document(VERSION, fetchedAt, false, null, null, null, null, null, null, null));
		}
		Instant expiresAt = identity.expiresAt();
		return this.json.writeValueAsString(new Document(VERSION, fetchedAt, true, identity.subject(),
				identity.sessionId(), identity.tokenId(), (expiresAt != null) ? expiresAt.toEpochMilli() : null,
				identity.authorities().isEmpty() ? null : identity.authorities(),
				identity.attributes().isEmpty() ? null : identity.attributes(),
				(entry.freshUntil() != null) ? entry.freshUntil().toEpochMilli() : null));
	}

	/**
	 * Decode a value.
	 * @param value the stored value
	 * @return the entry, or {@code null} when the value is not one this codec wrote
	 */
	public @Nullable CacheEntry decode(String value) {
		try {
			Document document = this.json.readValue(value, Document.class);
			if (document.version() != VERSION) {
				return null;
			}
			Instant fetchedAt = Instant.ofEpochMilli(document.fetchedAt());
			if (!document.active()) {
				return new CacheEntry(null, fetchedAt);
			}
			if (document.subject() == null || document.subject().isEmpty()) {
				return null;
			}
			Instant expiresAt = (document.expiresAt() != null) ? Instant.ofEpochMilli(document.expiresAt()) : null;
			Instant freshUntil = (document.freshUntil() != null) ? Instant.ofEpochMilli(document.freshUntil()) : null;
			Identity identity = new Identity(document.subject(), document.sessionId(), document.tokenId(), expiresAt,
					(document.authorities() != null) ? document.authorities() : List.of(),
					(document.attributes() != null) ? document.attributes() : Map.of());
			return new CacheEntry(identity, fetchedAt, freshUntil);
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			return null;
		}
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Document(@JsonProperty(value = "v", required = true) int version,
			@JsonProperty(value = "at", required = true) long fetchedAt,
			@JsonProperty(value = "ok", required = true) boolean active, @JsonProperty("sub") @Nullable String subject,
			@JsonProperty("sid") @Nullable String sessionId, @JsonProperty("jti") @Nullable String tokenId,
			@JsonProperty("exp") @Nullable Long expiresAt, @JsonProperty("auth") @Nullable List<String> authorities,
			@JsonProperty("attrs") @Nullable Map<String, Object> attributes,
			@JsonProperty("fu") @Nullable Long freshUntil) {

	}

}
