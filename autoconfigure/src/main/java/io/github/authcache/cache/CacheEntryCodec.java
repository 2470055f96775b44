/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.NormalizedAttributes;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads cache values: a compact binary record of fixed shape, read field by
 * field without any typing taken from the value. A value that is corrupt, of another
 * version, of a foreign shape or followed by anything reads as {@code null} (a miss),
 * never as an error.
 * <p>
 * The record, big-endian: the version byte ({@value #VERSION}); a flags byte (active,
 * with expiry, with end of freshness); the fetch time in epoch microseconds (8 bytes:
 * revocation marks are compared with it in microseconds, so an answer fetched in the
 * millisecond of a revocation but after it is not taken for an older one); the expiry and
 * the end of freshness if flagged (8 bytes each); then, for an active entry, the subject,
 * the session id and the JWT id (each absent, a canonical UUID in 16 bytes, or UTF-8),
 * the authorities (a count, then each as UTF-8) and the attributes as one JSON object
 * (UTF-8). Lengths and counts are unsigned LEB128 varints. The attributes are read with a
 * streaming parser straight into maps and lists: JSON strings, numbers, booleans, arrays
 * and objects, never a type named by the value; the maps and lists are handed to the
 * {@link Identity} as {@link NormalizedAttributes}, so they are not copied again.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class CacheEntryCodec {

	/**
	 * The version of the value format this codec writes and reads. Version 1 was a JSON
	 * document; its values are misses.
	 */
	public static final int VERSION = 2;

	private static final int ACTIVE = 1;

	private static final int EXPIRES = 2;

	private static final int FRESH_UNTIL = 4;

	private static final int ABSENT = 0;

	private static final int UUID_BYTES = 1;

	private static final int UTF8 = 2;

	private static final int UUID_LENGTH = 36;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Reads the attributes; each thread reuses its parser buffers.
	 */
	private final JsonFactory jsonFactory = JsonFactory.builder()
		.recyclerPool(JsonRecyclerPools.threadLocalPool())
		.build();

	/**
	 * Encode an entry.
	 * @param entry the entry
	 * @return the value to store
	 */
	public byte[] encode(CacheEntry entry) {
		Identity identity = entry.identity();
		Instant expiresAt = (identity != null) ? identity.expiresAt() : null;
		Instant freshUntil = entry.freshUntil();
		int flags = ((identity != null) ? ACTIVE : 0) | ((expiresAt != null) ? EXPIRES : 0)
				| ((freshUntil != null) ? FRESH_UNTIL : 0);
		Output output = new Output();
		output.write(VERSION);
		output.write(flags);
		output.writeLong(micros(entry.fetchedAt()));
		if (expiresAt != null) {
			output.writeLong(expiresAt.toEpochMilli());
		}
		if (freshUntil != null) {
			output.writeLong(freshUntil.toEpochMilli());
		}
		if (identity != null) {
			output.writeId(identity.subject());
			output.writeId(identity.sessionId());
			output.writeId(identity.tokenId());
			output.writeVarint(identity.authorities().size());
			identity.authorities().forEach(output::writeUtf8);
			output.writeSized(
					identity.attributes().isEmpty() ? new byte[0] : this.json.writeValueAsBytes(identity.attributes()));
		}
		return output.toByteArray();
	}

	/**
	 * Decode a value.
	 * @param value the stored value (the remaining bytes of a heap buffer, which is not
	 * consumed), as {@link ValueProtection#open} recovered it
	 * @return the entry, or {@code null} when the value is not one this codec wrote
	 */
	public @Nullable CacheEntry decode(ByteBuffer value) {
		try {
			return read(value.duplicate());
		}
		catch (BufferUnderflowException | JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static long micros(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
	}

	private @Nullable CacheEntry read(ByteBuffer input) {
		if (input.get() != VERSION) {
			return null;
		}
		int flags = input.get();
		if ((flags & ~(ACTIVE | EXPIRES | FRESH_UNTIL)) != 0) {
			return null;
		}
		Instant fetchedAt = Instant.EPOCH.plus(input.getLong(), ChronoUnit.MICROS);
		Instant expiresAt = ((flags & EXPIRES) != 0) ? Instant.ofEpochMilli(input.getLong()) : null;
		Instant freshUntil = ((flags & FRESH_UNTIL) != 0) ? Instant.ofEpochMilli(input.getLong()) : null;
		if ((flags & ACTIVE) == 0) {
			return (expiresAt == null && !input.hasRemaining()) ? new CacheEntry(null, fetchedAt, freshUntil) : null;
		}
		String subject = readId(input);
		String sessionId = readId(input);
		String tokenId = readId(input);
		int authorityCount = readVarint(input);
		if (authorityCount > input.remaining()) {
			throw new BufferUnderflowException();
		}
		String[] authorities = new String[authorityCount];
		for (int i = 0; i < authorityCount; i++) {
			authorities[i] = readUtf8(input);
		}
		Map<String, Object> attributes = readAttributes(input, readVarint(input));
		if (subject == null || input.hasRemaining()) {
			return null;
		}
		return new CacheEntry(new Identity(subject, sessionId, tokenId, expiresAt, List.of(authorities), attributes),
				fetchedAt, freshUntil);
	}

	private static @Nullable String readId(ByteBuffer input) {
		return switch (input.get()) {
			case ABSENT -> null;
			case UUID_BYTES -> new UUID(input.getLong(), input.getLong()).toString();
			case UTF8 -> readUtf8(input);
			default -> throw new IllegalArgumentException("Unknown id encoding");
		};
	}

	private static String readUtf8(ByteBuffer input) {
		int length = readVarint(input);
		if (length > input.remaining()) {
			throw new BufferUnderflowException();
		}
		String value = new String(input.array(), input.arrayOffset() + input.position(), length,
				StandardCharsets.UTF_8);
		input.position(input.position() + length);
		return value;
	}

	private static int readVarint(ByteBuffer input) {
		int value = 0;
		for (int shift = 0; shift < 32; shift += 7) {
			int b = input.get();
			value |= (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				if (value < 0) {
					break;
				}
				return value;
			}
		}
		throw new IllegalArgumentException("Malformed length");
	}

	private Map<String, Object> readAttributes(ByteBuffer input, int length) {
		if (length == 0) {
			return Map.of();
		}
		if (length > input.remaining()) {
			throw new BufferUnderflowException();
		}
		int offset = input.arrayOffset() + input.position();
		input.position(input.position() + length);
		try (JsonParser parser = this.jsonFactory.createParser(ObjectReadContext.empty(), input.array(), offset,
				length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("The attributes are not a JSON object");
			}
			Map<String, Object> attributes = readObject(parser);
			if (parser.nextToken() != null) {
				throw new IllegalArgumentException("Trailing content after the attributes");
			}
			return attributes;
		}
	}

	private static Map<String, Object> readObject(JsonParser parser) {
		Map<String, @Nullable Object> object = new LinkedHashMap<>();
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			object.put(name, readValue(parser, parser.nextToken()));
		}
		return NormalizedAttributes.object(object);
	}

	private static List<@Nullable Object> readArray(JsonParser parser) {
		List<@Nullable Object> array = new ArrayList<>();
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			array.add(readValue(parser, token));
		}
		return NormalizedAttributes.array(array);
	}

	private static @Nullable Object readValue(JsonParser parser, @Nullable JsonToken token) {
		if (token == null) {
			throw new IllegalArgumentException("Truncated attributes");
		}
		return switch (token) {
			case START_OBJECT -> readObject(parser);
			case START_ARRAY -> readArray(parser);
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new IllegalArgumentException("Unexpected " + token + " in the attributes");
		};
	}

	/**
	 * The bytes of a value being written.
	 */
	private static final class Output extends ByteArrayOutputStream {

		Output() {
			super(256);
		}

		void writeLong(long value) {
			for (int shift = 56; shift >= 0; shift -= 8) {
				write((int) (value >>> shift));
			}
		}

		void writeVarint(int value) {
			int rest = value;
			while ((rest & ~0x7F) != 0) {
				write((rest & 0x7F) | 0x80);
				rest >>>= 7;
			}
			write(rest);
		}

		void writeSized(byte[] bytes) {
			writeVarint(bytes.length);
			write(bytes, 0, bytes.length);
		}

		void writeUtf8(String value) {
			writeSized(value.getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * Write an id: a UUID in its canonical (lower case) form takes 16 bytes, any
		 * other id is UTF-8.
		 * @param id the id, or {@code null}
		 */
		void writeId(@Nullable String id) {
			if (id == null) {
				write(ABSENT);
				return;
			}
			UUID uuid = canonicalUuid(id);
			if (uuid != null) {
				write(UUID_BYTES);
				writeLong(uuid.getMostSignificantBits());
				writeLong(uuid.getLeastSignificantBits());
			}
			else {
				write(UTF8);
				writeUtf8(id);
			}
		}

		private static @Nullable UUID canonicalUuid(String id) {
			if (id.length() != UUID_LENGTH) {
				return null;
			}
			try {
				UUID uuid = UUID.fromString(id);
				return uuid.toString().equals(id) ? uuid : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

	}

}
