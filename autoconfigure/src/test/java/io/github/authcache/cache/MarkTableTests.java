/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MarkTable}.
 *
 * @author authcache authors
 */
class MarkTableTests {

	private static final long HOUR = 3_600_000;

	private final long now = System.currentTimeMillis();

	@Test
	void putWhenFullThenTheMarkThatExpiresFirstIsDropped() {
		MarkTable table = new MarkTable(3, (key) -> false);
		put(table, "b", this.now + 2 * HOUR);
		put(table, "a", this.now + HOUR);
		put(table, "c", this.now + 3 * HOUR);
		put(table, "d", this.now + 4 * HOUR);
		assertThat(table.size()).isEqualTo(3);
		assertThat(table.revokedAt("a")).isNull();
		assertThat(table.revokedAt("b")).isNotNull();
		assertThat(table.revokedAt("d")).isNotNull();
	}

	@Test
	void putWhenFullThenAPinnedMarkIsKept() {
		MarkTable table = new MarkTable(2, Set.of("a")::contains);
		put(table, "a", this.now + HOUR);
		put(table, "b", this.now + 2 * HOUR);
		put(table, "c", this.now + 3 * HOUR);
		assertThat(table.revokedAt("a")).isNotNull();
		assertThat(table.revokedAt("b")).isNull();
		assertThat(table.revokedAt("c")).isNotNull();
	}

	@Test
	void putThenExpiredMarksAreDropped() {
		MarkTable table = new MarkTable(10, (key) -> false);
		put(table, "gone", this.now - 1);
		put(table, "live", this.now + HOUR);
		assertThat(table.size()).isOne();
	}

	@Test
	void putWhenTheKeyHoldsALaterRevocationThenItIsKept() {
		MarkTable table = new MarkTable(10, (key) -> false);
		table.put("k", 20, this.now + HOUR, invalidation("k"), true);
		table.put("k", 10, this.now + 2 * HOUR, invalidation("k"), true);
		assertThat(table.revokedAt("k")).isEqualTo(20);
		table.put("k", 30, this.now + 2 * HOUR, invalidation("k"), true);
		assertThat(table.revokedAt("k")).isEqualTo(30);
		assertThat(table.size()).isOne();
	}

	@Test
	void forEachRestorableThenOnlyMarksMadeOrVerifiedHere() {
		MarkTable table = new MarkTable(10, (key) -> false);
		table.put("made", 1, this.now + HOUR, invalidation("made"), true);
		table.put("unverified", 1, this.now + HOUR, invalidation("unverified"), false);
		List<String> restored = new ArrayList<>();
		table.forEachRestorable((key, invalidation) -> restored.add(key));
		assertThat(restored).containsExactly("made");
	}

	private static void put(MarkTable table, String key, long expiresAt) {
		table.put(key, 1, expiresAt, invalidation(key), true);
	}

	private static Invalidation invalidation(String target) {
		return new Invalidation(Invalidation.Type.USER, target, Instant.now());
	}

}
