/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.github.authcache.credential.Credential;
import io.github.authcache.resolver.UpstreamUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for stale-if-error in {@link CredentialCache}, over the in-memory stores: entries
 * past their TTL answer only when the upstream gives no verdict, within the grace, before
 * the credential expires, and never for a revoked credential. Only the instance's clock
 * moves: the store keeps its own time, as a Redis does.
 *
 * @author authcache authors
 */
class StaleIfErrorTests {

	private static final Duration TTL = Duration.ofSeconds(60);

	private static final Duration GRACE = Duration.ofSeconds(30);

	private InMemoryEngine engine = new InMemoryEngine(TTL, GRACE);

	@Test
	void lookupWhenUpstreamFailsWithinTheGraceThenStaleEntryServedAndCounted() {
		Credential credential = this.engine.session(null);
		assertThat(lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.engine.store.timeToLive(this.engine.onlyEntryKey())).isBetween(Duration.ofSeconds(84),
				Duration.ofSeconds(90));
		this.engine.clock.advance(TTL.plusSeconds(10));
		this.engine.upstream.failing = true;
		assertThat(lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.engine.counter("authcache.stale.served")).isEqualTo(1);
		assertThat(this.engine.upstream.calls).hasValue(2);
	}

	@Test
	void lookupWhenUpstreamAnswersPastTheTtlThenMissNotStale() {
		Credential credential = this.engine.session(null);
		lookup(credential, null);
		this.engine.clock.advance(TTL.plusSeconds(10));
		assertThat(lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.engine.upstream.calls).hasValue(2);
		assertThat(this.engine.counter("authcache.stale.served")).isZero();
	}

	@Test
	void lookupWhenUpstreamFailsPastTheGraceThenUpstreamFailureStands() {
		Credential credential = this.engine.session(null);
		lookup(credential, null);
		this.engine.clock.advance(TTL.plus(GRACE).plusSeconds(1));
		this.engine.upstream.failing = true;
		assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> lookup(credential, null));
	}

	@Test
	void lookupWhenUpstreamFailsAfterTheCredentialExpiredThenNotServed() {
		Credential credential = this.engine.session(this.engine.clock.instant().plusSeconds(80));
		lookup(credential, null);
		assertThat(this.engine.store.timeToLive(this.engine.onlyEntryKey())).isBetween(Duration.ofSeconds(70),
				Duration.ofSeconds(80));
		this.engine.clock.advance(Duration.ofSeconds(81));
		this.engine.upstream.failing = true;
		assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> lookup(credential, null));
	}

	@Test
	void lookupWhenCredentialRevokedThenStaleEntryNotServed() {
		Credential credential = this.engine.session(null);
		CacheLookup.Authenticated first = (CacheLookup.Authenticated) lookup(credential, null);
		this.engine.clock.advance(TTL.plusSeconds(10));
		this.engine.revocations.revokeUser(first.identity().subject(), Instant.now());
		this.engine.upstream.failing = true;
		assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> lookup(credential, null));
	}

	@Test
	void lookupWhenCallerDemandsAMaxAgeThenStaleEntryNotServed() {
		Credential credential = this.engine.session(null);
		lookup(credential, null);
		this.engine.clock.advance(TTL.plusSeconds(10));
		this.engine.upstream.failing = true;
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> lookup(credential, Duration.ofSeconds(10)));
	}

	@Test
	void lookupWhenStaleIfErrorOffThenEntryWrittenAsBefore() {
		this.engine = new InMemoryEngine(TTL, Duration.ZERO);
		Credential credential = this.engine.session(null);
		lookup(credential, null);
		String key = this.engine.onlyEntryKey();
		assertThat(this.engine.store.timeToLive(key)).isBetween(Duration.ofSeconds(53), Duration.ofSeconds(60));
		assertThat(new String(this.engine.store.get(key), StandardCharsets.UTF_8)).doesNotContain("\"fu\"");
	}

	private CacheLookup lookup(Credential credential, Duration maxAge) {
		return this.engine.cache.lookup(credential, maxAge);
	}

}
