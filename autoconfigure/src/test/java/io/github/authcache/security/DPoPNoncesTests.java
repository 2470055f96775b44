/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.github.authcache.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DPoPNonces}: a nonce is accepted by every instance with the secret
 * from the start of its window to the end of the next (give or take the clock skew), and
 * by no one else.
 *
 * @author authcache authors
 */
class DPoPNoncesTests {

	private static final String SECRET = "dpop-nonces-tests-secret-0123456789abcdef";

	private static final Duration WINDOW = Duration.ofMinutes(5);

	private static final Duration SKEW = Duration.ofSeconds(30);

	// The start of a window
	private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_800_000_000L / 300 * 300));

	private final DPoPNonces nonces = nonces(SECRET, List.of(), this.clock);

	@Test
	void acceptsWhenIssuedThisWindow() {
		String nonce = this.nonces.current();
		this.clock.advance(WINDOW.minusSeconds(1));
		assertThat(this.nonces.accepts(nonce)).isTrue();
	}

	@Test
	void acceptsWhenIssuedThePreviousWindow() {
		String nonce = this.nonces.current();
		this.clock.advance(WINDOW.multipliedBy(2).minusSeconds(1));
		assertThat(this.nonces.current()).isNotEqualTo(nonce);
		assertThat(this.nonces.accepts(nonce)).isTrue();
	}

	@Test
	void acceptsUntilTheSkewAfterTheEndOfTheNextWindow() {
		String nonce = this.nonces.current();
		this.clock.advance(WINDOW.multipliedBy(2).plus(SKEW).minusSeconds(1));
		assertThat(this.nonces.accepts(nonce)).isTrue();
	}

	@Test
	void refusesWhenIssuedTwoWindowsAgoBeyondTheSkew() {
		String nonce = this.nonces.current();
		this.clock.advance(WINDOW.multipliedBy(2).plus(SKEW).plusSeconds(1));
		assertThat(this.nonces.accepts(nonce)).isFalse();
	}

	@Test
	void acceptsWhenIssuedByAnInstanceWhoseClockRunsAheadWithinTheSkew() {
		MutableClock ahead = new MutableClock(this.clock.instant().minusSeconds(1).plus(SKEW));
		String nonce = nonces(SECRET, List.of(), ahead).current();
		this.clock.advance(Duration.ofSeconds(-1));
		assertThat(this.nonces.accepts(nonce)).isTrue();
	}

	@Test
	void refusesWhenIssuedForAWindowBeyondTheSkew() {
		MutableClock ahead = new MutableClock(this.clock.instant());
		String nonce = nonces(SECRET, List.of(), ahead).current();
		this.clock.advance(SKEW.negated().minusSeconds(1));
		assertThat(this.nonces.accepts(nonce)).isFalse();
	}

	@Test
	void refusesWhenIssuedWithAnotherSecret() {
		String nonce = nonces("another-secret-0123456789abcdef0123456789", List.of(), this.clock).current();
		assertThat(this.nonces.accepts(nonce)).isFalse();
	}

	@Test
	void acceptsWhenIssuedWithAPreviousSecretDuringARotation() {
		String previous = "previous-secret-0123456789abcdef0123456789";
		String nonce = nonces(previous, List.of(), this.clock).current();
		assertThat(nonces(SECRET, List.of(previous), this.clock).accepts(nonce)).isTrue();
	}

	@Test
	void refusesWhenTagIsChanged() {
		byte[] nonce = Base64.getUrlDecoder().decode(this.nonces.current());
		nonce[nonce.length - 1] ^= 1;
		assertThat(this.nonces.accepts(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce))).isFalse();
	}

	@Test
	void refusesWhenMissingOrMalformed() {
		assertThat(this.nonces.accepts(null)).isFalse();
		assertThat(this.nonces.accepts("")).isFalse();
		assertThat(this.nonces.accepts("not base64url!")).isFalse();
		assertThat(this.nonces.accepts(this.nonces.current().substring(4))).isFalse();
	}

	@Test
	void currentIsTheSameOnEveryInstanceWithTheSecret() {
		assertThat(nonces(SECRET, List.of("previous-secret-0123456789abcdef0123456789"), this.clock).current())
			.isEqualTo(this.nonces.current());
	}

	private static DPoPNonces nonces(String secret, List<String> previousSecrets, MutableClock clock) {
		return new DPoPNonces(secret, previousSecrets, WINDOW, SKEW, clock);
	}

}
