/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;

import io.github.authcache.credential.Credential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a near-cache hit is checked against revocations like a store hit: against
 * the marks this process knows, and for a JWT id against the store too. Two instances
 * share the in-memory stores, without broadcasts between them.
 *
 * @author authcache authors
 */
class NearCacheRevocationTests {

	private final InMemoryEngine engine = new InMemoryEngine(Duration.ofSeconds(60), Duration.ZERO);

	private final InMemoryEngine other = this.engine.otherInstance();

	@BeforeEach
	void setUp() {
		this.engine.cache.setNearCache(new CaffeineNearCache(Duration.ofSeconds(30), 100, this.engine.keys));
	}

	@Test
	void lookupWhenInvalidatedOnThisInstanceThenItsNearEntryIsRefused() {
		Credential token = this.engine.session(null);
		assertThat(this.engine.cache.lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.engine.upstream.sessions.remove(token.value());
		this.engine.invalidator().invalidateCredential(token);
		assertThat(this.engine.cache.lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(this.engine.upstream.calls).as("asked the upstream again").hasValue(2);
	}

	@Test
	void lookupWhenJwtIdRevokedOnAnotherInstanceThenTheNearEntryIsRefusedWithoutABroadcast() {
		Instant expiresAt = this.engine.clock.instant().plusSeconds(3600);
		Credential token = this.engine.jwt("https://issuer.example/", "jti-1", expiresAt);
		assertThat(this.engine.cache.lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.engine.store.delete(this.engine.store.entryKeys());
		assertThat(this.engine.cache.lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.engine.upstream.calls).as("answered by the near cache").hasValue(1);
		this.other.invalidator().revokeJti("https://issuer.example/", "jti-1", expiresAt);
		assertThat(this.engine.cache.lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(this.engine.upstream.calls).as("refused by the mark, not by the upstream").hasValue(1);
	}

}
