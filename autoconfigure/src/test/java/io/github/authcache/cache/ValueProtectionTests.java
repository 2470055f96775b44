/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ValueProtection}.
 *
 * @author authcache authors
 */
class ValueProtectionTests {

	private static final String KEY = "authcache:session:a";

	private static final byte[] VALUE = new CacheEntryCodec()
		.encode(new CacheEntry(CacheEntryCodecTests.typicalIdentity(), Instant.ofEpochMilli(1_700_000_000_000L)));

	@Test
	void openWhenNoneThenTheValueAsItWasWritten() {
		String stored = ValueProtection.NONE.seal(KEY, VALUE);
		assertThat(stored).matches("[A-Za-z0-9_-]+");
		assertThat(bytes(ValueProtection.NONE.open(KEY, stored))).isEqualTo(VALUE);
		assertThat(bytes(ValueProtection.NONE.open("authcache:session:b", stored))).isEqualTo(VALUE);
		assertThat(ValueProtection.NONE.open(KEY, "{\"v\":1}")).as("version 1 JSON").isNull();
	}

	@Test
	void openWhenAuthenticatedValueUnderItsKeyThenValue() {
		ValueProtection protection = ValueProtection.of("s3cret", false);
		String sealed = protection.seal(KEY, VALUE);
		assertThat(bytes(protection.open(KEY, sealed))).isEqualTo(VALUE);
		assertThat(Base64.getUrlDecoder().decode(sealed)).as("the value and a 128-bit tag").hasSize(VALUE.length + 16);
	}

	/**
	 * Values are decoded into a buffer of the thread: a large value, then a small one,
	 * then a large one again each read as written, nothing left over from the one before.
	 */
	@Test
	void openWhenValuesOfDifferentSizesOneAfterAnotherThenEachAsWritten() {
		byte[] large = new byte[4000];
		Arrays.fill(large, (byte) 7);
		byte[] small = { 1, 2, 3 };
		for (ValueProtection protection : List.of(ValueProtection.NONE, ValueProtection.of("s3cret", false),
				ValueProtection.of("s3cret", true))) {
			String sealedLarge = protection.seal(KEY, large);
			String sealedSmall = protection.seal(KEY, small);
			assertThat(bytes(protection.open(KEY, sealedLarge))).isEqualTo(large);
			assertThat(bytes(protection.open(KEY, sealedSmall))).isEqualTo(small);
			assertThat(bytes(protection.open(KEY, sealedLarge))).isEqualTo(large);
		}
	}

	@Test
	void openWhenForgedOrMovedThenNull() {
		ValueProtection protection = ValueProtection.of("s3cret", false);
		String sealed = protection.seal(KEY, VALUE);
		assertThat(protection.open(KEY, ValueProtection.NONE.seal(KEY, VALUE))).as("unsigned").isNull();
		assertThat(protection.open("authcache:session:b", sealed)).as("moved to another key").isNull();
		assertThat(protection.open("authcache:session:", sealed)).as("moved to a shorter key").isNull();
		assertThat(ValueProtection.of("other", false).open(KEY, sealed)).as("other secret").isNull();
		assertThat(protection.open(KEY, sealed + "!")).as("not base64url").isNull();
		assertThat(protection.open(KEY, "")).as("empty").isNull();
		assertThat(protection.open(KEY, sealed.substring(0, 22))).as("a tag alone").isNull();
	}

	@Test
	void openWhenAnyBitOfAnAuthenticatedValueIsFlippedThenNull() {
		assertEveryBitFlipIsAMiss(ValueProtection.of("s3cret", false));
	}

	@Test
	void openWhenAnyBitOfAnEncryptedValueIsFlippedThenNull() {
		assertEveryBitFlipIsAMiss(ValueProtection.of("s3cret", true));
	}

	@Test
	void openWhenMovedToAKeyThatEndsWithTheValuesFirstBytesThenNull() {
		ValueProtection protection = ValueProtection.of("s3cret", false);
		byte[] value = "Xrest".getBytes(StandardCharsets.UTF_8);
		String sealed = protection.seal("authcache:session:a", value);
		ByteBuffer shifted = protection.open("authcache:session:aX",
				ValueProtection.NONE.seal("", Arrays.copyOfRange(Base64.getUrlDecoder().decode(sealed), 1, 5 + 16)));
		assertThat(shifted).isNull();
	}

	@Test
	void sealWhenEncryptedThenTraitsAreNotReadableAndOpenOnlyUnderItsKey() {
		ValueProtection protection = ValueProtection.of("s3cret", true);
		String sealed = protection.seal(KEY, VALUE);
		String decoded = new String(Base64.getUrlDecoder().decode(sealed), StandardCharsets.ISO_8859_1);
		assertThat(decoded).doesNotContain("user@example.org").doesNotContain("traits");
		assertThat(new String(VALUE, StandardCharsets.ISO_8859_1)).contains("user@example.org");
		assertThat(protection.seal(KEY, VALUE)).as("fresh IV").isNotEqualTo(sealed);
		assertThat(bytes(protection.open(KEY, sealed))).isEqualTo(VALUE);
		assertThat(protection.open("authcache:session:b", sealed)).isNull();
		assertThat(protection.open(KEY, ValueProtection.NONE.seal(KEY, VALUE))).isNull();
		assertThat(protection.open(KEY, "e1." + sealed)).as("version 1 prefix").isNull();
		assertThat(protection.open(KEY, sealed.substring(0, 30))).as("shorter than IV and tag").isNull();
	}

	@Test
	void ofWhenEncryptWithoutSecretThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ValueProtection.of(null, true));
		assertThat(ValueProtection.of(null, false)).isSameAs(ValueProtection.NONE);
	}

	@Test
	void openWhenSealedWithAnotherSecretThenNull() {
		// A previous secret (rotated away after a leak) must not seal what the current
		// one opens: entries are read under the current secret's keys only
		for (boolean encrypt : new boolean[] { false, true }) {
			String sealedBefore = ValueProtection.of("old", encrypt).seal(KEY, VALUE);
			ValueProtection current = ValueProtection.of("new", encrypt);
			assertThat(current.open(KEY, sealedBefore)).isNull();
			assertThat(ValueProtection.of("old", encrypt).open(KEY, current.seal(KEY, VALUE))).isNull();
			assertThat(bytes(current.open(KEY, current.seal(KEY, VALUE)))).isEqualTo(VALUE);
		}
	}

	@Test
	void openWhenEncryptionIsTurnedOnOrOffThenTheOtherKindOfValueIsAMiss() {
		assertThat(ValueProtection.of("s3cret", true).open(KEY, ValueProtection.of("s3cret", false).seal(KEY, VALUE)))
			.isNull();
		assertThat(ValueProtection.of("s3cret", false).open(KEY, ValueProtection.of("s3cret", true).seal(KEY, VALUE)))
			.isNull();
	}

	private static void assertEveryBitFlipIsAMiss(ValueProtection protection) {
		byte[] sealed = Base64.getUrlDecoder().decode(protection.seal(KEY, VALUE));
		for (int i = 0; i < sealed.length; i++) {
			for (int bit = 0; bit < 8; bit++) {
				byte[] tampered = sealed.clone();
				tampered[i] ^= (byte) (1 << bit);
				String stored = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
				assertThat(protection.open(KEY, stored)).as("byte %d bit %d", i, bit).isNull();
			}
		}
		assertThat(bytes(protection.open(KEY, Base64.getUrlEncoder().withoutPadding().encodeToString(sealed))))
			.isEqualTo(VALUE);
	}

	private static byte @Nullable [] bytes(@Nullable ByteBuffer buffer) {
		if (buffer == null) {
			return null;
		}
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return bytes;
	}

}
