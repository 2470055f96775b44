/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PendingMarks}: what stays pending, in which order it is written, and
 * when the next attempt comes.
 *
 * @author authcache authors
 */
class PendingMarksTests {

	private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

	private final PendingMarks pending = new PendingMarks();

	private final List<String> written = new ArrayList<>();

	@Test
	void writeAllWhenStoreFailsThenKeptAndRetryDelayDoublesUpToTheMaximum() {
		this.pending.add("mark-a", user("a", AT));
		assertThat(this.pending.retryDelay()).isEqualTo(Duration.ofMillis(100));
		List<Duration> delays = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			assertThat(this.pending.writeAll(this::fail)).isEmpty();
			delays.add(this.pending.retryDelay());
		}
		assertThat(delays).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
				Duration.ofMillis(1600), Duration.ofSeconds(2), Duration.ofSeconds(2));
		assertThat(this.pending.size()).isOne();
		assertThat(this.pending.writeAll(this::write)).containsExactly(user("a", AT));
		assertThat(this.pending.size()).isZero();
		assertThat(this.pending.retryDelay()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void writeAllThenOldestFirstAndTheLaterRevocationOfAKey() {
		this.pending.add("mark-a", user("a", AT.plusSeconds(1)));
		this.pending.add("mark-b", user("b", AT));
		this.pending.add("mark-a", user("a", AT));
		this.pending.writeAll(this::write);
		assertThat(this.written).containsExactly("mark-a@" + AT.plusSeconds(1), "mark-b@" + AT);
	}

	@Test
	void addWhenFullThenTheOldestIsDropped() {
		for (int i = 0; i <= PendingMarks.MAX_PENDING; i++) {
			this.pending.add("mark-" + i, user(Integer.toString(i), AT));
		}
		assertThat(this.pending.size()).isEqualTo(PendingMarks.MAX_PENDING);
		this.pending.writeAll(this::write);
		assertThat(this.written).first().isEqualTo("mark-1@" + AT);
	}

	private void write(String markKey, Invalidation invalidation) {
		this.written.add(markKey + "@" + invalidation.at());
	}

	private void fail(String markKey, Invalidation invalidation) {
		throw new CacheStoreException("The store is down", new IllegalStateException("down"));
	}

	private static Invalidation user(String id, Instant at) {
		return new Invalidation(Invalidation.Type.USER, id, at);
	}

}
