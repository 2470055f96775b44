/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.authcache.resolver.Identity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheEntryCodec}.
 *
 * @author authcache authors
 */
class CacheEntryCodecTests {

	private final CacheEntryCodec codec = new CacheEntryCodec();

	private final Instant fetchedAt = Instant.ofEpochMilli(1_700_000_000_123L);

	@Test
	void decodeWhenEncodedActiveEntryThenSameEntry() {
		Identity identity = new Identity("user-1", "session-1", "jti-1", Instant.ofEpochMilli(1_700_000_060_000L),
				List.of("SCOPE_read"), Map.of("aal", "aal1", "traits", Map.of("email", "a@example.org")));
		CacheEntry entry = new CacheEntry(identity, this.fetchedAt);
		assertThat(this.codec.decode(this.codec.encode(entry))).isEqualTo(entry);
	}

	@Test
	void decodeWhenEncodedInactiveEntryThenInactive() {
		CacheEntry entry = this.codec.decode(this.codec.encode(new CacheEntry(null, this.fetchedAt)));
		assertThat(entry).isNotNull();
		assertThat(entry.isActive()).isFalse();
		assertThat(entry.fetchedAt()).isEqualTo(this.fetchedAt);
	}

	@Test
	void decodeWhenCorruptThenMiss() {
		assertThat(this.codec.decode("{\"v\":1,\"at\":1,\"ok\":tr")).isNull();
		assertThat(this.codec.decode("not json")).isNull();
		assertThat(this.codec.decode("")).isNull();
		assertThat(this.codec.decode("[]")).isNull();
	}

	@Test
	void decodeWhenOtherVersionThenMiss() {
		assertThat(this.codec.decode("{\"v\":0,\"at\":1,\"ok\":true,\"sub\":\"u\"}")).isNull();
		assertThat(this.codec.decode("{\"v\":2,\"at\":1,\"ok\":true,\"sub\":\"u\"}")).isNull();
	}

	@Test
	void decodeWhenForeignShapeThenMiss() {
		assertThat(this.codec.decode("{\"active\":true,\"sub\":\"u\"}")).isNull();
		assertThat(this.codec.decode("{\"v\":1,\"at\":1,\"ok\":true}")).isNull();
		assertThat(this.codec.decode("{\"v\":1,\"at\":1,\"ok\":true,\"sub\":\"u\",\"@class\":\"java.net.URL\"}"))
			.isNull();
	}

	@Test
	void decodeWhenPolymorphicTypeHintsThenPlainValuesOnly() {
		CacheEntry entry = this.codec.decode("{\"v\":1,\"at\":1,\"ok\":true,\"sub\":\"u\","
				+ "\"attrs\":{\"x\":[\"java.util.concurrent.atomic.AtomicLong\",1]}}");
		assertThat(entry).isNotNull();
		assertThat(entry.identity().attributes().get("x"))
			.isEqualTo(List.of("java.util.concurrent.atomic.AtomicLong", 1L));
	}

}
