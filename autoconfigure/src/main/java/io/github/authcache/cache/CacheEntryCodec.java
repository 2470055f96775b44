/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.github.authcache.metrics.WriteSkipReason;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.NormalizedAttributes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.CollectionUtils;

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
 * the authorities (a count, then each as UTF-8) and the attributes as one object. Lengths
 * and counts are unsigned LEB128 varints. An attribute value is a type byte, then:
 * nothing for {@code null}, {@code false} and {@code true}; 8 bytes for a whole number (a
 * {@code long}) or any other number (a {@code double}); UTF-8 for a string and for a big
 * integer or decimal (its decimal form); a count and the elements for an array; a count
 * and the names (UTF-8) and values for an object. Only these JSON types exist in a value,
 * never a type named by it; a value of any other type is written as Jackson writes it in
 * JSON. The attributes are read straight into maps and lists of the exact size, nested
 * {@value #MAX_DEPTH} deep at most, and handed to the {@link Identity} as
 * {@link NormalizedAttributes}, so they are built once. The encoder refuses attributes
 * nested deeper ({@link ValueLimitExceededException}): it never writes a value the
 * decoder would refuse.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class CacheEntryCodec {

	/**
	 * The version of the value format this codec writes and reads. Version 1 was a JSON
	 * document, version 2 this record with the attributes as JSON text; their values are
	 * misses (an entry written by another version is asked upstream once and written
	 * again).
	 */
	public static final int VERSION = 3;

	private static final int ACTIVE = 1;

	private static final int EXPIRES = 2;

	private static final int FRESH_UNTIL = 4;

	private static final int ABSENT = 0;

	private static final int UUID_BYTES = 1;

	private static final int UTF8 = 2;

	private static final int UUID_LENGTH = 36;

	/**
	 * The deepest an object or array of the attributes may nest (the attributes object
	 * itself is at depth 0): the decoder recurses once per level, so this bounds its
	 * stack.
	 */
	public static final int MAX_DEPTH = 32;

	private static final byte NULL = 0;

	private static final byte FALSE = 1;

	private static final byte TRUE = 2;

	private static final byte LONG = 3;

	private static final byte DOUBLE = 4;

	private static final byte BIG_INTEGER = 5;

	private static final byte BIG_DECIMAL = 6;

	private static final byte STRING = 7;

	private static final byte ARRAY = 8;

	private static final byte OBJECT = 9;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Encode an entry.
	 * @param entry the entry
	 * @return the value to store
	 * @throws ValueLimitExceededException when the attributes nest deeper than
	 * {@value #MAX_DEPTH}
	 */
	public byte[] encode(CacheEntry entry) {
		return encode(entry, Integer.MAX_VALUE);
	}

	/**
	 * Encode an entry into a value of at most the given length, stopping as soon as it
	 * would be longer.
	 * @param entry the entry
	 * @param maxLength the longest value to return
	 * @return the value to store
	 * @throws ValueLimitExceededException when the value would be longer than
	 * {@code maxLength} or the attributes nest deeper than {@value #MAX_DEPTH}
	 */
	public byte[] encode(CacheEntry entry, int maxLength) {
		Identity identity = entry.identity();
		Instant expiresAt = (identity != null) ? identity.expiresAt() : null;
		Instant freshUntil = entry.freshUntil();
		int flags = ((identity != null) ? ACTIVE : 0) | ((expiresAt != null) ? EXPIRES : 0)
				| ((freshUntil != null) ? FRESH_UNTIL : 0);
		Output output = new Output(maxLength);
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
			output.writeObject(identity.attributes(), 0, this.json);
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
		catch (BufferUnderflowException | IllegalArgumentException ex) {
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
		Map<String, Object> attributes = readObject(input, 0);
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

	private static Map<String, Object> readObject(ByteBuffer input, int depth) {
		int count = readCount(input, depth);
		Map<String, @Nullable Object> object = CollectionUtils.newLinkedHashMap(count);
		for (int i = 0; i < count; i++) {
			object.put(readUtf8(input), readValue(input, depth));
		}
		return NormalizedAttributes.object(object);
	}

	private static List<@Nullable Object> readArray(ByteBuffer input, int depth) {
		int count = readCount(input, depth);
		List<@Nullable Object> array = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			array.add(readValue(input, depth));
		}
		return NormalizedAttributes.array(array);
	}

	/**
	 * Read the count of an object's or array's elements: each takes a byte at least, and
	 * containers nest {@value #MAX_DEPTH} deep at most.
	 * @param input the input
	 * @param depth the container's depth
	 * @return the count
	 */
	private static int readCount(ByteBuffer input, int depth) {
		int count = readVarint(input);
		if (count > input.remaining() || depth > MAX_DEPTH) {
			throw new IllegalArgumentException("Malformed attributes");
		}
		return count;
	}

	private static @Nullable Object readValue(ByteBuffer input, int depth) {
		return switch (input.get()) {
			case NULL -> null;
			case FALSE -> Boolean.FALSE;
			case TRUE -> Boolean.TRUE;
			case LONG -> input.getLong();
			case DOUBLE -> input.getDouble();
			case BIG_INTEGER -> new BigInteger(readUtf8(input));
			case BIG_DECIMAL -> new BigDecimal(readUtf8(input));
			case STRING -> readUtf8(input);
			case ARRAY -> readArray(input, depth + 1);
			case OBJECT -> readObject(input, depth + 1);
			default -> throw new IllegalArgumentException("Unknown attribute type");
		};
	}

	/**
	 * The bytes of a value being written, within the limits the reader enforces.
	 */
	private static final class Output extends ByteArrayOutputStream {

		private final int maxLength;

		Output(int maxLength) {
			super(256);
			this.maxLength = maxLength;
		}

		@Override
		public void write(int b) {
			ensureRoomFor(1);
			super.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			ensureRoomFor(length);
			super.write(bytes, offset, length);
		}

		private void ensureRoomFor(int length) {
			if (length > this.maxLength - this.count) {
				throw new ValueLimitExceededException(WriteSkipReason.TOO_LARGE);
			}
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

		void writeObject(Map<?, ?> object, int depth, JsonMapper json) {
			writeCount((int) object.values().stream().filter(Objects::nonNull).count(), depth);
			object.forEach((name, value) -> {
				if (value != null) {
					writeUtf8(String.valueOf(name));
					writeValue(value, depth, json);
				}
			});
		}

		/**
		 * Write the count of an object's or array's elements, refusing a container the
		 * reader would refuse.
		 * @param count the count
		 * @param depth the container's depth
		 */
		private void writeCount(int count, int depth) {
			if (depth > MAX_DEPTH) {
				throw new ValueLimitExceededException(WriteSkipReason.TOO_DEEP);
			}
			writeVarint(count);
		}

		/**
		 * Write an attribute value: its type, then the value. A value of another type
		 * than a JSON one is written as Jackson would write it in JSON.
		 * @param value the value, or {@code null}
		 * @param depth the depth of the object or array holding it
		 * @param json converts values of other types
		 */
		void writeValue(@Nullable Object value, int depth, JsonMapper json) {
			if (value == null) {
				write(NULL);
			}
			else if (value instanceof Boolean bool) {
				write(bool ? TRUE : FALSE);
			}
			else if (value instanceof Long || value instanceof Integer || value instanceof Short
					|| value instanceof Byte) {
				write(LONG);
				writeLong(((Number) value).longValue());
			}
			else if (value instanceof Double || value instanceof Float) {
				write(DOUBLE);
				writeLong(Double.doubleToLongBits(((Number) value).doubleValue()));
			}
			else if (value instanceof BigInteger || value instanceof BigDecimal) {
				write((value instanceof BigInteger) ? BIG_INTEGER : BIG_DECIMAL);
				writeUtf8(value.toString());
			}
			else if (value instanceof String string) {
				write(STRING);
				writeUtf8(string);
			}
			else if (value instanceof Map<?, ?> map) {
				write(OBJECT);
				writeObject(map, depth + 1, json);
			}
			else if (value instanceof Collection<?> collection) {
				write(ARRAY);
				writeCount(collection.size(), depth + 1);
				collection.forEach((element) -> writeValue(element, depth + 1, json));
			}
			else {
				writeValue(json.convertValue(value, Object.class), depth, json);
			}
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
