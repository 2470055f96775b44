/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that {@link Revocations#restoreLost()}, after the store lost its data, writes
 * again only the marks this process made or verified, and never pushes out a pending
 * mark.
 *
 * @author authcache authors
 */
class RestoreLostTests {

	private static final String SECRET = "the-current-secret-of-at-least-32-bytes";

	private final FailingStore store = new FailingStore();

	private final CacheKeys keys = new CacheKeys("authcache:", SECRET);

	private final Revocations revocations = new Revocations(this.store, this.keys,
			new TtlPolicy(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(5)));

	@Test
	void restoreLostWhenPendingMarksFillTheQueueThenNoneIsPushedOut() {
		this.revocations.setSeal(MarkSeal.of(SECRET, List.of()));
		this.store.failing = true;
		for (int i = 0; i < PendingMarks.MAX_PENDING; i++) {
			revokeFailing("pending-" + i);
		}
		this.revocations.applyLocally(new Invalidation(Invalidation.Type.USER, "announced", Instant.now()));
		this.revocations.restoreLost();
		assertThat(this.revocations.pendingCount()).isEqualTo(PendingMarks.MAX_PENDING);
		this.store.failing = false;
		this.revocations.writePending();
		assertThat(this.store.read(List.of(this.keys.userMarkKey("pending-0")))).doesNotContainNull();
		assertThat(this.store.read(List.of(this.keys.userMarkKey("announced")))).containsOnlyNulls();
	}

	@Test
	void restoreLostThenMarksMadeHereAndVerifiedAnnouncementsAreWrittenAgain() {
		this.revocations.setSeal(MarkSeal.of(SECRET, List.of()));
		this.revocations.revokeUser("made-here", Instant.now());
		this.revocations.applyLocally(new Invalidation(Invalidation.Type.USER, "announced", Instant.now()));
		this.store.clear();
		this.revocations.restoreLost();
		this.revocations.writePending();
		assertThat(this.store.read(List.of(this.keys.userMarkKey("made-here"), this.keys.userMarkKey("announced"))))
			.doesNotContainNull();
	}

	@Test
	void restoreLostWhenAnnouncementsAreNotAuthenticatedThenOnlyMarksMadeHereAreWrittenAgain() {
		// Without a secret nothing verifies an announcement: it may be forged
		this.revocations.revokeUser("made-here", Instant.now());
		this.revocations.applyLocally(new Invalidation(Invalidation.Type.USER, "announced", Instant.now()));
		this.store.clear();
		this.revocations.restoreLost();
		assertThat(this.revocations.pendingCount()).isOne();
		this.revocations.writePending();
		assertThat(this.store.read(List.of(this.keys.userMarkKey("made-here")))).doesNotContainNull();
		assertThat(this.store.read(List.of(this.keys.userMarkKey("announced")))).containsOnlyNulls();
	}

	private void revokeFailing(String userId) {
		assertThatExceptionOfType(CacheStoreException.class)
			.isThrownBy(() -> this.revocations.revokeUser(userId, Instant.now()));
	}

	/**
	 * An in-memory store that fails while told to, and can lose its data.
	 */
	private static final class FailingStore implements RevocationStore {

		private InMemoryRevocationStore marks = new InMemoryRevocationStore(Clock.systemUTC());

		volatile boolean failing;

		@Override
		public void write(String key, String value, Duration ttl) {
			if (this.failing) {
				throw new CacheStoreException("down", new IllegalStateException("down"));
			}
			this.marks.write(key, value, ttl);
		}

		@Override
		public List<@Nullable String> read(List<String> keys) {
			if (this.failing) {
				throw new CacheStoreException("down", new IllegalStateException("down"));
			}
			return this.marks.read(keys);
		}

		void clear() {
			this.marks = new InMemoryRevocationStore(Clock.systemUTC());
		}

	}

}
