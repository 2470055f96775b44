/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.authcache.metrics.WriteSkipReason;
import io.github.authcache.resolver.Identity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CacheEntryCodec}.
 *
 * @author authcache authors
 */
class CacheEntryCodecTests {

	private static final String SUBJECT = "b3d04802-4f9f-492c-a223-a9aa7debf944";

	private static final String SESSION_ID = "79610355-0f47-4313-ab05-1fab8748edd7";

	private final CacheEntryCodec codec = new CacheEntryCodec();

	private final Instant fetchedAt = Instant.ofEpochMilli(1_700_000_000_123L);

	private final Instant expiresAt = Instant.ofEpochMilli(1_700_000_060_456L);

	@Test
	void decodeWhenEncodedActiveEntryThenSameEntry() {
		Identity identity = new Identity("user-1", "session-1", "jti-1", this.expiresAt, List.of("SCOPE_read"),
				Map.of("aal", "aal1", "traits", Map.of("email", "a@example.org")));
		assertRoundTrip(new CacheEntry(identity, this.fetchedAt));
	}

	@Test
	void decodeWhenEveryFieldShapeThenSameEntry() {
		Map<String, Object> nested = new LinkedHashMap<>();
		nested.put("string", "é ü 中文 🙂 \"quoted\" \\ \n");
		nested.put("empty", "");
		nested.put("int", 1_795_430_987L);
		nested.put("negative", -42L);
		nested.put("long", Long.MAX_VALUE);
		nested.put("big", new BigInteger("123456789012345678901234567890"));
		nested.put("double", 0.25);
		nested.put("true", true);
		nested.put("false", false);
		nested.put("list", Arrays.asList("a", 1L, null, List.of(), Map.of("k", "v")));
		nested.put("emptyMap", Map.of());
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("traits", Map.of("nested", nested));
		attributes.put("methods", List.of("password", "totp"));
		List<Identity> identities = List.of(
				new Identity(SUBJECT, SESSION_ID, null, this.expiresAt, List.of(), attributes),
				new Identity(SUBJECT.toUpperCase(), "ünïcode-session", "jti", null, List.of("SCOPE_a", "ROLE_ü"),
						Map.of()),
				new Identity("x", null, SESSION_ID, this.expiresAt, List.of("a".repeat(300)), Map.of("k", "v")),
				new Identity("s".repeat(70_000), "00000000-0000-0000-0000-000000000000", null, null, List.of(),
						Map.of("pad", "p".repeat(20_000))));
		for (Identity identity : identities) {
			assertRoundTrip(new CacheEntry(identity, this.fetchedAt));
			assertRoundTrip(new CacheEntry(identity, this.fetchedAt, this.expiresAt));
		}
	}

	/**
	 * Revocation marks are compared with the fetch time in microseconds: an answer
	 * fetched in the millisecond of a revocation, after it, must not read back as fetched
	 * before it.
	 */
	@Test
	void decodeKeepsTheFetchTimeToTheMicrosecond() {
		Instant fetchedAt = Instant.ofEpochSecond(1_700_000_000L, 123_456_000L);
		assertThat(this.codec.decode(ByteBuffer.wrap(this.codec.encode(new CacheEntry(null, fetchedAt)))).fetchedAt())
			.isEqualTo(fetchedAt);
	}

	@Test
	void decodeWhenEncodedInactiveEntryThenInactive() {
		assertRoundTrip(new CacheEntry(null, this.fetchedAt));
		assertRoundTrip(new CacheEntry(null, this.fetchedAt, this.expiresAt));
		CacheEntry entry = this.codec.decode(ByteBuffer.wrap(this.codec.encode(new CacheEntry(null, this.fetchedAt))));
		assertThat(entry).isNotNull();
		assertThat(entry.isActive()).isFalse();
		assertThat(entry.fetchedAt()).isEqualTo(this.fetchedAt);
	}

	@Test
	void encodeWhenCanonicalUuidIdsThenSixteenBytesEach() {
		Identity uuids = new Identity(SUBJECT, SESSION_ID, null, null, List.of(), Map.of());
		Identity strings = new Identity(SUBJECT.toUpperCase(), SESSION_ID.toUpperCase(), null, null, List.of(),
				Map.of());
		assertThat(this.codec.encode(new CacheEntry(uuids, this.fetchedAt)))
			.hasSize(this.codec.encode(new CacheEntry(strings, this.fetchedAt)).length - 2 * (36 + 1 - 16));
	}

	@Test
	void decodeWhenTruncatedAnywhereThenMiss() {
		byte[] value = this.codec.encode(new CacheEntry(typicalIdentity(), this.fetchedAt, this.expiresAt));
		for (int length = 0; length < value.length; length++) {
			assertThat(this.codec.decode(ByteBuffer.wrap(value, 0, length))).as("first %d bytes", length).isNull();
		}
	}

	@Test
	void decodeWhenFollowedByAnythingThenMiss() {
		byte[] value = this.codec.encode(new CacheEntry(typicalIdentity(), this.fetchedAt));
		assertThat(this.codec.decode(ByteBuffer.wrap(Arrays.copyOf(value, value.length + 1)))).isNull();
		byte[] inactive = this.codec.encode(new CacheEntry(null, this.fetchedAt));
		assertThat(this.codec.decode(ByteBuffer.wrap(Arrays.copyOf(inactive, inactive.length + 1)))).isNull();
	}

	@Test
	void decodeWhenOtherVersionThenMiss() {
		byte[] value = this.codec.encode(new CacheEntry(typicalIdentity(), this.fetchedAt));
		assertThat(value[0]).isEqualTo((byte) CacheEntryCodec.VERSION);
		for (int version : new int[] { 0, 1, 2, 4, '{', 0xFF }) {
			value[0] = (byte) version;
			assertThat(this.codec.decode(ByteBuffer.wrap(value))).as("version %d", version).isNull();
		}
	}

	@Test
	void decodeWhenVersionOneJsonDocumentThenMiss() {
		String[] documents = { "{\"v\":1,\"at\":1,\"ok\":true,\"sub\":\"u\"}", "{\"v\":1,\"at\":1,\"ok\":false}",
				"not json", "", "[]" };
		for (String document : documents) {
			assertThat(this.codec.decode(ByteBuffer.wrap(document.getBytes(StandardCharsets.UTF_8)))).as(document)
				.isNull();
		}
	}

	@Test
	void decodeWhenForeignShapeThenMiss() {
		assertThat(decode(header(1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0)))
			.as("active without a subject")
			.isNull();
		assertThat(decode(header(8).put((byte) 0))).as("unknown flag").isNull();
		assertThat(decode(header(2).putLong(1))).as("inactive with an expiry").isNull();
		assertThat(decode(header(1).put((byte) 7))).as("unknown id encoding").isNull();
		assertThat(decode(header(1).put((byte) 2)
			.put((byte) 1)
			.put((byte) 'u')
			.put((byte) 0)
			.put((byte) 0)
			.put((byte) 0x7F)
			.put((byte) 0))).as("more authorities than bytes").isNull();
		assertThat(decode(header(1).put((byte) 2)
			.put((byte) 1)
			.put((byte) 'u')
			.put((byte) 0)
			.put((byte) 0)
			.put((byte) 0xFF)
			.put((byte) 0xFF)
			.put((byte) 0xFF)
			.put((byte) 0xFF)
			.put((byte) 0x0F))).as("a negative count").isNull();
		assertThat(decode(subjectOnly().put((byte) 1).put((byte) 1).put((byte) 'a').put((byte) 42)))
			.as("unknown attribute type")
			.isNull();
		assertThat(decode(subjectOnly().put((byte) 0x7F).put((byte) 1).put((byte) 'a')))
			.as("more attributes than bytes")
			.isNull();
		assertThat(decode(subjectOnly().put((byte) 1)
			.put((byte) 1)
			.put((byte) 'a')
			.put((byte) 8)
			.put((byte) 0xFF)
			.put((byte) 0xFF)
			.put((byte) 0xFF)
			.put((byte) 0xFF)
			.put((byte) 0x07))).as("more array elements than bytes (never allocated)").isNull();
		CacheEntry wellFormed = decode(
				subjectOnly().put((byte) 1).put((byte) 1).put((byte) 'a').put((byte) 3).putLong(7));
		assertThat(wellFormed).as("well formed").isNotNull();
		assertThat(wellFormed.identity().attributes()).containsExactly(Map.entry("a", 7L));
	}

	@Test
	void decodeWhenNestedDeeperThanTheLimitThenMiss() {
		assertThat(decode(nested(32))).as("32 deep").isNotNull();
		assertThat(decode(nested(33))).as("33 deep").isNull();
		assertThat(decode(nested(5_000))).as("5000 deep").isNull();
	}

	@Test
	void encodeWhenNestedAsDeepAsTheDecoderReadsThenReadBack() {
		assertRoundTrip(entryWithAttributes(nestedObjects(CacheEntryCodec.MAX_DEPTH)));
		assertRoundTrip(entryWithAttributes(Map.of("a", nestedArrays(CacheEntryCodec.MAX_DEPTH))));
	}

	@Test
	void encodeWhenNestedDeeperThanTheDecoderReadsThenRefused() {
		assertThatExceptionOfType(ValueLimitExceededException.class)
			.isThrownBy(() -> this.codec.encode(entryWithAttributes(nestedObjects(CacheEntryCodec.MAX_DEPTH + 1))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WriteSkipReason.TOO_DEEP));
		assertThatExceptionOfType(ValueLimitExceededException.class).isThrownBy(
				() -> this.codec.encode(entryWithAttributes(Map.of("a", nestedArrays(CacheEntryCodec.MAX_DEPTH + 1)))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WriteSkipReason.TOO_DEEP));
	}

	@Test
	void encodeWhenLongerThanTheMaximumLengthThenRefused() {
		CacheEntry entry = new CacheEntry(typicalIdentity(), this.fetchedAt);
		byte[] value = this.codec.encode(entry);
		assertThat(this.codec.encode(entry, value.length)).as("exactly as long").isEqualTo(value);
		assertThatExceptionOfType(ValueLimitExceededException.class)
			.isThrownBy(() -> this.codec.encode(entry, value.length - 1))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WriteSkipReason.TOO_LARGE));
	}

	@Test
	void encodeWhenValueNamesATypeThenPlainValuesOnly() {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("x", List.of("java.util.concurrent.atomic.AtomicLong", 1L));
		attributes.put("@class", "java.net.URL");
		attributes.put("uri", URI.create("https://example.org/a"));
		CacheEntry entry = this.codec.decode(ByteBuffer.wrap(this.codec
			.encode(new CacheEntry(new Identity("u", null, null, null, List.of(), attributes), this.fetchedAt))));
		assertThat(entry.identity().attributes()).containsExactly(
				Map.entry("x", List.of("java.util.concurrent.atomic.AtomicLong", 1L)),
				Map.entry("@class", "java.net.URL"), Map.entry("uri", "https://example.org/a"));
	}

	@Test
	void decodeWhenBufferIsASliceThenOnlyItsBytesAreRead() {
		CacheEntry entry = new CacheEntry(typicalIdentity(), this.fetchedAt);
		byte[] value = this.codec.encode(entry);
		byte[] framed = new byte[value.length + 7];
		Arrays.fill(framed, (byte) 0x55);
		System.arraycopy(value, 0, framed, 3, value.length);
		ByteBuffer slice = ByteBuffer.wrap(framed, 3, value.length);
		assertThat(this.codec.decode(slice)).isEqualTo(entry);
		assertThat(slice.position()).as("the caller's buffer is not consumed").isEqualTo(3);
	}

	private void assertRoundTrip(CacheEntry entry) {
		assertThat(this.codec.decode(ByteBuffer.wrap(this.codec.encode(entry)))).isEqualTo(entry);
	}

	private CacheEntry decode(ByteBuffer written) {
		return this.codec.decode(ByteBuffer.wrap(Arrays.copyOf(written.array(), written.position())));
	}

	private ByteBuffer header(int flags) {
		return ByteBuffer.allocate(256).put((byte) CacheEntryCodec.VERSION).put((byte) flags).putLong(1L);
	}

	/**
	 * An active entry's record up to its attributes: subject {@code u}, no session, no
	 * JWT id, no authorities.
	 */
	private ByteBuffer subjectOnly() {
		return header(1).put((byte) 2).put((byte) 1).put((byte) 'u').put((byte) 0).put((byte) 0).put((byte) 0);
	}

	/**
	 * An active entry whose attributes nest objects the given number deep: {@code {"a":
	 * {"a": ... {}}}}.
	 */
	private ByteBuffer nested(int depth) {
		ByteBuffer record = ByteBuffer.allocate(32 + 4 * depth).put(subjectOnly().flip());
		for (int i = 0; i < depth; i++) {
			record.put((byte) 1).put((byte) 1).put((byte) 'a').put((byte) 9);
		}
		return record.put((byte) 0);
	}

	private CacheEntry entryWithAttributes(Map<String, Object> attributes) {
		return new CacheEntry(new Identity("u", null, null, null, List.of(), attributes), this.fetchedAt);
	}

	/**
	 * Attributes that nest objects the given number deep, as {@link #nested} writes them.
	 */
	private static Map<String, Object> nestedObjects(int depth) {
		Map<String, Object> attributes = Map.of();
		for (int i = 0; i < depth; i++) {
			attributes = Map.of("a", attributes);
		}
		return attributes;
	}

	/**
	 * Arrays nested the given number deep: {@code [[...[]]]}.
	 */
	private static List<Object> nestedArrays(int depth) {
		List<Object> array = List.of();
		for (int i = 1; i < depth; i++) {
			array = List.of(array);
		}
		return array;
	}

	static Identity typicalIdentity() {
		Map<String, Object> traits = new LinkedHashMap<>();
		traits.put("consent", Map.of("newsletter", false, "tos", "2022-12-01T13:50:28.706Z"));
		traits.put("email", "user@example.org");
		traits.put("name", "User");
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("aal", "aal1");
		attributes.put("authenticated_at", 1_795_430_987L);
		attributes.put("methods", new ArrayList<>(List.of("password")));
		attributes.put("traits", traits);
		return new Identity(UUID.randomUUID().toString(), UUID.randomUUID().toString(), null,
				Instant.ofEpochMilli(1_795_517_387_583L), List.of(), attributes);
	}

}
