/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.cache.Revocations.Verdict;
import io.github.authcache.resolver.Identity;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An issuer's not-before watermark ({@link Revocations#revokeNotBefore}): tokens of that
 * issuer issued before it are refused, answers without {@code iat} fetched before it are
 * stale, on this instance, through the shared store and through an announcement; it is
 * never lowered.
 *
 * @author authcache authors
 */
class NotBeforeWatermarkTests {

	private static final String ISSUER = "https://keycloak.example.com/realms/R";

	private static final String ENTRY_KEY = "authcache:token:entry-1";

	private final InMemoryRevocationStore store = new InMemoryRevocationStore(Clock.systemUTC());

	private final CacheKeys keys = new CacheKeys("authcache:", null);

	private final TtlPolicy ttlPolicy = new TtlPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1),
			Duration.ofSeconds(5));

	private final Revocations revocations = revocations();

	private final Instant watermark = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);

	private final Instant fetchedAt = Instant.now().minusSeconds(60);

	@Test
	void checkWhenIssuedBeforeTheWatermarkThenTokenRevoked() {
		this.revocations.revokeNotBefore(ISSUER, this.watermark);
		Identity token = token(ISSUER, this.watermark.minusSeconds(1));
		assertThat(this.revocations.check(ENTRY_KEY, token, Instant.now())).isEqualTo(Verdict.TOKEN_REVOKED);
		assertThat(this.revocations.checkLocal(ENTRY_KEY, token, Instant.now())).isEqualTo(Verdict.TOKEN_REVOKED);
	}

	@Test
	void checkWhenIssuedAtTheWatermarkThenClear() {
		this.revocations.revokeNotBefore(ISSUER, this.watermark);
		Identity token = token(ISSUER, this.watermark);
		assertThat(this.revocations.check(ENTRY_KEY, token, this.fetchedAt)).isEqualTo(Verdict.CLEAR);
	}

	@Test
	void checkWhenIssuedBeforeTheWatermarkWithAJwtIdThenTokenRevoked() {
		this.revocations.revokeNotBefore(ISSUER, this.watermark);
		Identity token = new Identity("alice", "session-a", "jti-1", null, List.of(),
				Map.of("iss", ISSUER, "iat", this.watermark.getEpochSecond() - 1));
		assertThat(this.revocations.check(ENTRY_KEY, token, Instant.now())).isEqualTo(Verdict.TOKEN_REVOKED);
	}

	@Test
	void checkWhenWithoutIatAndFetchedBeforeTheWatermarkThenStale() {
		this.revocations.revokeNotBefore(ISSUER, this.watermark);
		Identity token = token(ISSUER, null);
		assertThat(this.revocations.check(ENTRY_KEY, token, this.watermark.minusMillis(1))).isEqualTo(Verdict.STALE);
		assertThat(this.revocations.check(ENTRY_KEY, token, this.watermark)).isEqualTo(Verdict.CLEAR);
	}

	@Test
	void checkWhenAnotherIssuerThenClear() {
		this.revocations.revokeNotBefore(ISSUER, this.watermark);
		Identity token = token("https://keycloak.example.com/realms/other", this.watermark.minusSeconds(1));
		assertThat(this.revocations.check(ENTRY_KEY, token, this.fetchedAt)).isEqualTo(Verdict.CLEAR);
	}

	@Test
	void checkWhenTheIssuerIsNotWatchedThenClear() {
		Revocations unwatched = new Revocations(this.store, this.keys, this.ttlPolicy);
		this.revocations.revokeNotBefore(ISSUER, this.watermark);
		Identity token = token(ISSUER, this.watermark.minusSeconds(1));
		assertThat(unwatched.check(ENTRY_KEY, token, this.fetchedAt)).isEqualTo(Verdict.CLEAR);
	}

	@Test
	void checkOnAnotherInstanceReadsTheWatermarkFromTheStore() {
		this.revocations.revokeNotBefore(ISSUER, this.watermark);
		Identity token = token(ISSUER, this.watermark.minusSeconds(1));
		Revocations other = revocations();
		assertThat(other.checkLocal(ENTRY_KEY, token, this.fetchedAt)).isEqualTo(Verdict.CLEAR);
		assertThat(other.check(ENTRY_KEY, token, this.fetchedAt)).isEqualTo(Verdict.TOKEN_REVOKED);
	}

	@Test
	void applyLocallyWhenAnnouncedThenRefusedWithoutTheStore() {
		Invalidation announced = this.revocations.revokeNotBefore(ISSUER, this.watermark);
		Revocations other = new Revocations(new InMemoryRevocationStore(Clock.systemUTC()), this.keys, this.ttlPolicy);
		other.setNotBeforeIssuers(List.of(ISSUER));
		assertThat(other.applyLocally(announced)).isTrue();
		assertThat(other.checkLocal(ENTRY_KEY, token(ISSUER, this.watermark.minusSeconds(1)), this.fetchedAt))
			.isEqualTo(Verdict.TOKEN_REVOKED);
	}

	@Test
	void applyLocallyWhenTheWatermarkIsInTheFutureThenIgnored() {
		Revocations other = revocations();
		Instant future = Instant.now().plus(Duration.ofMinutes(5));
		assertThat(other.applyLocally(new Invalidation(Invalidation.Type.NOT_BEFORE, ISSUER, future))).isFalse();
		assertThat(other.checkLocal(ENTRY_KEY, token(ISSUER, this.watermark), this.fetchedAt)).isEqualTo(Verdict.CLEAR);
	}

	@Test
	void revokeNotBeforeWhenLowerThenTheWatermarkHoldsHereAndInTheStore() {
		this.revocations.revokeNotBefore(ISSUER, this.watermark);
		this.revocations.revokeNotBefore(ISSUER, this.watermark.minusSeconds(20));
		Identity token = token(ISSUER, this.watermark.minusSeconds(10));
		assertThat(this.revocations.checkLocal(ENTRY_KEY, token, this.fetchedAt)).isEqualTo(Verdict.TOKEN_REVOKED);
		assertThat(revocations().check(ENTRY_KEY, token, this.fetchedAt)).isEqualTo(Verdict.TOKEN_REVOKED);
	}

	@Test
	void revokeNotBeforeKeepsTheWatermarkForTheMarkTtlAndTheRetention() {
		Revocations retaining = revocations();
		retaining.setNotBeforeRetention(Duration.ofHours(1));
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		retaining.revokeNotBefore(ISSUER, now);
		Duration ttl = this.store.timeToLive(this.keys.notBeforeMarkKey(ISSUER));
		assertThat(ttl).isGreaterThan(this.ttlPolicy.markTtl().plus(Duration.ofMinutes(59)))
			.isLessThanOrEqualTo(this.ttlPolicy.markTtl().plus(Duration.ofHours(1)));
	}

	private Revocations revocations() {
		Revocations revocations = new Revocations(this.store, this.keys, this.ttlPolicy);
		revocations.setNotBeforeIssuers(List.of(ISSUER));
		return revocations;
	}

	private static Identity token(String issuer, @Nullable Instant issuedAt) {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("iss", issuer);
		if (issuedAt != null) {
			attributes.put("iat", issuedAt.getEpochSecond());
		}
		return new Identity("alice", "session-a", null, null, List.of(), attributes);
	}

}
