/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.authcache.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InMemoryAuthCacheStore} and {@link InMemoryRevocationStore}: values
 * expire by their clock as Redis keys do.
 *
 * @author authcache authors
 */
class InMemoryStoresTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final InMemoryAuthCacheStore store = new InMemoryAuthCacheStore(this.clock);

	private final InMemoryRevocationStore marks = new InMemoryRevocationStore(this.clock);

	@Test
	void getWhenWithinTtlThenValueAndAfterThenNone() {
		this.store.put("entry", "value", Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(this.store.get("entry")).asString(StandardCharsets.UTF_8).isEqualTo("value");
		assertThat(this.store.timeToLive("entry")).isEqualTo(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.get("entry")).isNull();
		assertThat(this.store.timeToLive("entry")).isNull();
		assertThat(this.store.entryKeys()).isEmpty();
	}

	@Test
	void tagWhenShorterTtlThenTagSetKeepsTheLongerAndCollectsMembers() {
		this.store.tag("user", "entry-1", Duration.ofSeconds(60));
		this.store.tag("user", "entry-2", Duration.ofSeconds(10));
		assertThat(this.store.members("user")).containsExactlyInAnyOrder("entry-1", "entry-2");
		assertThat(this.store.timeToLive("user")).isEqualTo(Duration.ofSeconds(60));
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(this.store.members("user")).isEmpty();
	}

	@Test
	void tagWhenSetExpiredThenStartsAnew() {
		this.store.tag("user", "entry-1", Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(10));
		this.store.tag("user", "entry-2", Duration.ofSeconds(10));
		assertThat(this.store.members("user")).containsExactly("entry-2");
	}

	@Test
	void deleteThenEntriesAndTagSetsGone() {
		this.store.put("entry", "value", Duration.ofSeconds(10));
		this.store.tag("user", "entry", Duration.ofSeconds(10));
		this.store.delete(List.of("entry", "user"));
		assertThat(this.store.get("entry")).isNull();
		assertThat(this.store.members("user")).isEmpty();
	}

	@Test
	void readWhenMarksExpireThenNullInTheirPlace() {
		this.marks.write("a", "1", Duration.ofSeconds(5));
		this.marks.write("b", "2", Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.marks.read(List.of("a", "b", "c"))).containsExactly(null, "2", null);
		assertThat(this.marks.timeToLive("b")).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void writeIfAbsentWhenLiveMarkThenNotWrittenAndAfterItExpiredThenWritten() {
		assertThat(this.marks.writeIfAbsent("once", "1", Duration.ofSeconds(5))).isTrue();
		assertThat(this.marks.writeIfAbsent("once", "2", Duration.ofSeconds(5))).isFalse();
		assertThat(this.marks.read(List.of("once"))).containsExactly("1");
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.marks.writeIfAbsent("once", "3", Duration.ofSeconds(5))).isTrue();
		assertThat(this.marks.read(List.of("once"))).containsExactly("3");
	}

}
