/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.authcache.credential.CredentialKind;
import io.github.authcache.resolver.Identity;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TtlPolicy}.
 *
 * @author authcache authors
 */
class TtlPolicyTests {

	private final TtlPolicy policy = new TtlPolicy(Duration.ofSeconds(60), Duration.ofSeconds(30),
			Duration.ofSeconds(5));

	private final Instant now = Instant.parse("2026-11-23T10:00:00Z");

	@RepeatedTest(20)
	void activeTtlWhenFarFromExpiryThenConfiguredTtlWithDownwardJitter() {
		assertThat(this.policy.activeTtl(CredentialKind.SESSION, this.now.plusSeconds(3600), null, this.now))
			.isBetween(Duration.ofSeconds(54), Duration.ofSeconds(60));
		assertThat(this.policy.activeTtl(CredentialKind.TOKEN, null, null, this.now)).isBetween(Duration.ofSeconds(27),
				Duration.ofSeconds(30));
	}

	@RepeatedTest(20)
	void activeTtlWhenExpiryIsCloserThenNeverOutlivesTheCredential() {
		assertThat(this.policy.activeTtl(CredentialKind.SESSION, this.now.plusSeconds(20), null, this.now))
			.isBetween(Duration.ofSeconds(18), Duration.ofSeconds(20));
	}

	@RepeatedTest(20)
	void activeTtlWhenUpstreamLimitsThenCapped() {
		assertThat(this.policy.activeTtl(CredentialKind.SESSION, null, Duration.ofSeconds(10), this.now))
			.isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
	}

	@Test
	void activeTtlWhenExpiredOrUpstreamSaysZeroThenNotCached() {
		assertThat(this.policy.activeTtl(CredentialKind.SESSION, this.now.minusSeconds(1), null, this.now)).isNull();
		assertThat(this.policy.activeTtl(CredentialKind.SESSION, this.now, null, this.now)).isNull();
		assertThat(this.policy.activeTtl(CredentialKind.TOKEN, null, Duration.ZERO, this.now)).isNull();
	}

	@RepeatedTest(20)
	void inactiveTtlThenNegativeTtlEvenWhenUpstreamAllowsLonger() {
		assertThat(this.policy.inactiveTtl(Duration.ofSeconds(60))).isBetween(Duration.ofMillis(4500),
				Duration.ofSeconds(5));
	}

	@Test
	void longestTtlThenLongestOfAll() {
		assertThat(this.policy.longestTtl()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void lifetimesWhenStaleIfErrorSetThenEntriesTagSetsAndMarksOutliveTheGrace() {
		TtlPolicy policy = new TtlPolicy(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(5));
		policy.setStaleIfError(Duration.ofSeconds(20));
		policy.setLongestUpstreamCall(Duration.ofSeconds(4));
		assertThat(policy.keepsStaleEntries()).isTrue();
		assertThat(policy.storedTtl(Duration.ofSeconds(50), null, this.now)).isEqualTo(Duration.ofSeconds(70));
		assertThat(policy.storedTtl(Duration.ofSeconds(50), this.now.plusSeconds(55), this.now))
			.isEqualTo(Duration.ofSeconds(55));
		assertThat(policy.storedTtl(Duration.ofSeconds(50), this.now.plusSeconds(40), this.now))
			.isEqualTo(Duration.ofSeconds(50));
		assertThat(policy.staleUntil(this.now)).isEqualTo(this.now.plusSeconds(20));
		assertThat(policy.tagTtl()).isEqualTo(Duration.ofSeconds(80));
		assertThat(policy.markTtl()).isEqualTo(Duration.ofSeconds(84));
		assertThat(policy.youngEntryWindow()).isEqualTo(Duration.ofSeconds(9));
	}

	@Test
	void lifetimesWhenDefaultsThenNoGraceAndThreeSecondUpstreamCalls() {
		assertThat(this.policy.keepsStaleEntries()).isFalse();
		assertThat(this.policy.tagTtl()).isEqualTo(Duration.ofSeconds(60));
		assertThat(this.policy.markTtl()).isEqualTo(Duration.ofSeconds(63));
		assertThat(this.policy.youngEntryWindow()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void longestLifeThenNegativeTtlForInactiveAndTagTtlForActive() {
		Identity identity = new Identity("alice", null, null, null, List.of(), Map.of());
		assertThat(this.policy.longestLife(new CacheEntry(null, this.now))).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.policy.longestLife(new CacheEntry(identity, this.now))).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void nearCacheHoldThenUntilExpiryOrLongestTtl() {
		assertThat(this.policy.nearCacheHold(this.now.plusSeconds(7), this.now)).isEqualTo(Duration.ofSeconds(7));
		assertThat(this.policy.nearCacheHold(null, this.now)).isEqualTo(Duration.ofSeconds(60));
	}

}
