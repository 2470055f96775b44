/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;

import io.github.authcache.credential.CredentialKind;
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

}
