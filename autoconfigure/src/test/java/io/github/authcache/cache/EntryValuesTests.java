/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.authcache.metrics.WriteSkipReason;
import io.github.authcache.resolver.Identity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EntryValues}: whatever is written is read back, under every value
 * protection.
 *
 * @author authcache authors
 */
class EntryValuesTests {

	private static final String KEY = "authcache:session:a";

	private static final Instant FETCHED_AT = Instant.ofEpochMilli(1_700_000_000_123L);

	private final EntryValues values = new EntryValues();

	@ParameterizedTest
	@ValueSource(strings = { "none", "authenticated", "encrypted" })
	void sealWhenExactlyTheLongestValueThenWrittenAndReadBack(String protection) {
		this.values.setValueProtection(protection(protection));
		int padding = longestPadding();
		CacheEntry entry = entryPaddedWith(padding);
		String sealed = this.values.seal(KEY, entry);
		assertThat(sealed).hasSize(EntryValues.MAX_LENGTH);
		assertThat(this.values.open(KEY, sealed.getBytes(StandardCharsets.US_ASCII))).isEqualTo(entry);
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "authenticated", "encrypted" })
	void sealWhenOneByteLongerThanTheLongestValueThenRefused(String protection) {
		this.values.setValueProtection(protection(protection));
		CacheEntry entry = entryPaddedWith(longestPadding() + 1);
		assertThatExceptionOfType(ValueLimitExceededException.class).isThrownBy(() -> this.values.seal(KEY, entry))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WriteSkipReason.TOO_LARGE));
	}

	@ParameterizedTest
	@ValueSource(ints = { 400 * 1024, EntryValues.MAX_LENGTH / 4 * 3 })
	void sealWhenFarLongerThanTheLongestValueThenRefused(int padding) {
		CacheEntry entry = entryPaddedWith(padding);
		assertThatExceptionOfType(ValueLimitExceededException.class).isThrownBy(() -> this.values.seal(KEY, entry))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WriteSkipReason.TOO_LARGE));
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "authenticated", "encrypted" })
	void sealWhenNestedDeeperThanTheReaderReadsThenRefused(String protection) {
		this.values.setValueProtection(protection(protection));
		Map<String, Object> attributes = Map.of();
		for (int i = 0; i <= CacheEntryCodec.MAX_DEPTH; i++) {
			attributes = Map.of("a", attributes);
		}
		CacheEntry entry = new CacheEntry(new Identity("u", null, null, null, List.of(), attributes), FETCHED_AT);
		assertThatExceptionOfType(ValueLimitExceededException.class).isThrownBy(() -> this.values.seal(KEY, entry))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WriteSkipReason.TOO_DEEP));
	}

	/**
	 * Return the longest padding attribute whose entry seals into a value of at most
	 * {@link EntryValues#MAX_LENGTH}, asserting that it seals into exactly that many.
	 */
	private int longestPadding() {
		int padding = EntryValues.MAX_LENGTH * 3 / 4 - 64;
		while (sealedLength(padding + 1) <= EntryValues.MAX_LENGTH) {
			padding++;
		}
		assertThat(sealedLength(padding)).as("a value of exactly the longest length").isEqualTo(EntryValues.MAX_LENGTH);
		return padding;
	}

	private int sealedLength(int padding) {
		try {
			return this.values.seal(KEY, entryPaddedWith(padding)).length();
		}
		catch (ValueLimitExceededException ex) {
			return Integer.MAX_VALUE;
		}
	}

	private static CacheEntry entryPaddedWith(int padding) {
		return new CacheEntry(new Identity("u", null, null, null, List.of(), Map.of("pad", "x".repeat(padding))),
				FETCHED_AT);
	}

	private static ValueProtection protection(String name) {
		return switch (name) {
			case "none" -> ValueProtection.NONE;
			case "authenticated" -> ValueProtection.of("s3cret", false);
			default -> ValueProtection.of("s3cret", true);
		};
	}

}
