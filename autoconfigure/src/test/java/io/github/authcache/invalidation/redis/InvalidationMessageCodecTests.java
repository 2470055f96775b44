/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Instant;

import io.github.authcache.cache.Invalidation;
import io.github.authcache.cache.MarkSeal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidationMessageCodec}.
 *
 * @author authcache authors
 */
class InvalidationMessageCodecTests {

	private static final Instant AT = Instant.parse("2026-01-01T00:00:00.000001Z");

	private final InvalidationMessageCodec codec = new InvalidationMessageCodec(MarkSeal.NONE);

	@Test
	void encodeWritesTheVersionedMessageWithMicroseconds() {
		assertThat(this.codec.encode(new Invalidation(Invalidation.Type.USER, "u-1", AT), "node-a"))
			.isEqualTo("{\"v\":1,\"type\":\"USER\",\"target\":\"u-1\",\"at\":1767225600000001,\"sender\":\"node-a\"}");
	}

	@Test
	void decodeReadsWhatEncodeWrote() {
		Invalidation invalidation = new Invalidation(Invalidation.Type.SESSION, "s-1", AT);
		InvalidationMessageCodec.Received received = this.codec.decode(this.codec.encode(invalidation, "node-a"));
		assertThat(received).isEqualTo(new InvalidationMessageCodec.Received(invalidation, "node-a"));
	}

	@Test
	void decodeIgnoresUnknownFields() {
		assertThat(this.codec
			.decode("{\"v\":1,\"type\":\"JTI\",\"target\":\"j\",\"at\":1767225600000001,\"sender\":\"n\",\"new\":[1]}"))
			.isEqualTo(new InvalidationMessageCodec.Received(new Invalidation(Invalidation.Type.JTI, "j", AT), "n"));
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "", "not json", "[]", "{\"v\":2,\"type\":\"USER\",\"target\":\"u\",\"at\":1,\"sender\":\"n\"}",
					"{\"type\":\"USER\",\"target\":\"u\",\"at\":1,\"sender\":\"n\"}",
					"{\"v\":1,\"type\":\"NOPE\",\"target\":\"u\",\"at\":1,\"sender\":\"n\"}",
					"{\"v\":1,\"target\":\"u\",\"at\":1,\"sender\":\"n\"}",
					"{\"v\":1,\"type\":\"USER\",\"at\":1,\"sender\":\"n\"}",
					"{\"v\":1,\"type\":\"USER\",\"target\":\"\",\"at\":1,\"sender\":\"n\"}",
					"{\"v\":1,\"type\":\"USER\",\"target\":\"u\",\"at\":1}" })
	void decodeWhenUnreadableThenNull(String message) {
		assertThat(this.codec.decode(message)).isNull();
	}

}
