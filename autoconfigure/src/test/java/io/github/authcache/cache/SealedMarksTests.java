/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.github.authcache.cache.IgnoredMarks.Reason;
import io.github.authcache.credential.Credential;
import io.github.authcache.resolver.Identity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that revocation marks are authenticated with the secret and never dated in the
 * future, and that a value opens only under the secret of its key, on the in-memory
 * engine.
 *
 * @author authcache authors
 */
class SealedMarksTests {

	private static final String SECRET = "the-current-secret-of-at-least-32-bytes";

	private static final String PREVIOUS = "the-previous-secret-of-at-least-32-bytes";

	private final InMemoryEngine engine = new InMemoryEngine(new CacheKeys("authcache:", SECRET, List.of(PREVIOUS)));

	private final MarkSeal seal = MarkSeal.of(SECRET, List.of(PREVIOUS));

	@BeforeEach
	void seal() {
		this.engine.revocations.setSeal(this.seal);
		this.engine.cache.setValueProtection(ValueProtection.of(SECRET, false));
	}

	@Test
	void lookupWhenAMarkIsWrittenWithoutMacThenIgnored() {
		Credential credential = cached();
		String markKey = this.engine.keys.userMarkKey(subject(credential));
		this.engine.marks.write(markKey, micros(Instant.now()), Duration.ofHours(1));
		assertStillCached(credential);
		assertThat(this.seal.ignored().count(Reason.UNAUTHENTICATED)).isEqualTo(1);
	}

	@Test
	void lookupWhenAMarkIsSealedWithAnotherSecretThenIgnored() {
		Credential credential = cached();
		String markKey = this.engine.keys.userMarkKey(subject(credential));
		MarkSeal other = MarkSeal.of("a-secret-no-instance-knows-of-32-bytes", List.of());
		this.engine.marks.write(markKey, other.sealMark(markKey, micros(Instant.now())), Duration.ofHours(1));
		assertStillCached(credential);
	}

	@Test
	void lookupWhenAMarkIsMovedToAnotherKeyThenIgnored() {
		Credential credential = cached();
		String markKey = this.engine.keys.userMarkKey(subject(credential));
		String sealed = this.seal.sealMark(this.engine.keys.userMarkKey("someone-else"), micros(Instant.now()));
		this.engine.marks.write(markKey, sealed, Duration.ofHours(1));
		assertStillCached(credential);
	}

	@Test
	void lookupWhenASealedMarkIsDatedInTheFutureThenIgnored() {
		Credential credential = cached();
		String markKey = this.engine.keys.userMarkKey(subject(credential));
		String future = micros(Instant.now().plus(TtlPolicy.CLOCK_SKEW).plusSeconds(1));
		this.engine.marks.write(markKey, this.seal.sealMark(markKey, future), Duration.ofHours(1));
		assertStillCached(credential);
		assertThat(this.seal.ignored().count(Reason.FUTURE)).isEqualTo(1);
	}

	@Test
	void lookupWhenAMarkIsSealedWithAPreviousSecretThenHonoured() {
		// During a rotation another instance seals with the secret this one calls
		// previous
		Credential credential = cached();
		String markKey = this.engine.keys.userMarkKey(subject(credential));
		MarkSeal rotated = MarkSeal.of(PREVIOUS, List.of(SECRET));
		this.engine.marks.write(markKey, rotated.sealMark(markKey, micros(Instant.now())), Duration.ofHours(1));
		assertAskedUpstream(credential);
	}

	@Test
	void lookupWhenRevokedThroughTheInvalidatorThenTheSealedMarkHolds() {
		Credential credential = cached();
		this.engine.invalidator().invalidateUser(subject(credential));
		assertAskedUpstream(credential);
		assertThat(this.seal.ignored().count(Reason.UNAUTHENTICATED)).isZero();
	}

	@Test
	void applyLocallyWhenDatedInTheFutureThenIgnored() {
		Credential credential = cached();
		Instant future = Instant.now().plus(TtlPolicy.CLOCK_SKEW).plusSeconds(1);
		assertThat(this.engine.revocations
			.applyLocally(new Invalidation(Invalidation.Type.USER, subject(credential), future))).isFalse();
		assertStillCached(credential);
		assertThat(this.seal.ignored().count(Reason.FUTURE)).isEqualTo(1);
	}

	@Test
	void applyLocallyWhenDatedNowThenApplied() {
		Credential credential = cached();
		assertThat(this.engine.revocations
			.applyLocally(new Invalidation(Invalidation.Type.USER, subject(credential), Instant.now()))).isTrue();
		assertAskedUpstream(credential);
	}

	@Test
	void lookupWhenAValueIsSealedWithThePreviousSecretUnderTheCurrentKeyThenMiss() {
		// Whoever holds the secret rotated away and can write to Redis must not forge
		// an entry under the key the current secret derives
		Credential credential = cached();
		String key = this.engine.onlyEntryKey();
		ByteBuffer plain = ValueProtection.of(SECRET, false).open(key, this.engine.store.get(key));
		byte[] value = new byte[plain.remaining()];
		plain.get(value);
		this.engine.store.put(key, ValueProtection.of(PREVIOUS, false).seal(key, value), Duration.ofMinutes(1));
		assertAskedUpstream(credential);
	}

	private void assertAskedUpstream(Credential credential) {
		this.engine.cache.lookup(credential, null);
		assertThat(this.engine.upstream.calls.get()).as("upstream calls").isGreaterThan(1);
	}

	private Credential cached() {
		Credential credential = this.engine.session(null);
		this.engine.cache.lookup(credential, null);
		assertStillCached(credential);
		return credential;
	}

	private void assertStillCached(Credential credential) {
		assertThat(this.engine.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.engine.upstream.calls).as("upstream calls").hasValue(1);
	}

	private String subject(Credential credential) {
		Identity identity = this.engine.upstream.sessions.get(credential.value());
		return identity.subject();
	}

	private static String micros(Instant instant) {
		return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
	}

}
