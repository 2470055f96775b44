/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.InMemoryRevocationStore;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.cache.RevocationStore;
import io.github.authcache.testing.DPoPProofs;
import io.github.authcache.testing.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link DPoPProofVerifier}: each check of RFC 9449 refuses a proof that breaks
 * only that check, and proof ids are recorded once, for as long as a proof is accepted.
 *
 * @author authcache authors
 */
@EnabledIf(value = "io.github.authcache.testing.DPoPProofs#areChecked",
		disabledReason = "Spring Security 7.0 has no DPoP proof checks")
class DPoPProofVerifierTests {

	private static final String TOKEN = "dpop-bound-token";

	private static final String URI = "https://api.example/orders";

	private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

	private final InMemoryRevocationStore store = new InMemoryRevocationStore(this.clock);

	private final CacheKeys keys = new CacheKeys("authcache:", null);

	private final DPoPProofs client = new DPoPProofs();

	private final DPoPProofVerifier verifier = verifier(this.store);

	@Test
	void verifyWhenProofHoldsThenAccepts() {
		assertThatNoException().isThrownBy(() -> verify(this.client.proof("GET", URI, TOKEN)));
	}

	@Test
	void verifyWhenProofUsedBeforeThenRefuses() {
		String proof = this.client.proof("GET", URI, TOKEN);
		verify(proof);
		assertRefused(proof);
	}

	@Test
	void verifyWhenProofUsedOnAnotherInstanceThenRefuses() {
		String proof = this.client.proof("GET", URI, TOKEN);
		verify(proof);
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> verifier(this.store).verify(proof, "GET", URI, TOKEN, boundClaims()));
	}

	@Test
	void verifyWhenProofHoldsThenRecordsItsIdUntilItsIssueTimePlusTwiceTheSkew() {
		String jti = UUID.randomUUID().toString();
		verify(this.client.proof("GET", URI, TOKEN, (header) -> {
		}, (claims) -> claims.jwtID(jti).issueTime(Date.from(this.clock.instant()))));
		String key = this.keys.usedTokenKey("DPoP proof signed by " + this.client.thumbprint(), sha256(jti));
		assertThat(this.store.timeToLive(key)).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void verifyWhenProofIsRefusedThenItsIdIsNotRecorded() {
		String jti = UUID.randomUUID().toString();
		assertRefused(this.client.proof("POST", URI, TOKEN, (header) -> {
		}, (claims) -> claims.jwtID(jti)));
		verify(this.client.proof("GET", URI, TOKEN, (header) -> {
		}, (claims) -> claims.jwtID(jti)));
	}

	@Test
	void verifyWhenIdCannotBeRecordedThenFailsClosed() {
		DPoPProofVerifier failing = verifier(new FailingStore());
		String proof = this.client.proof("GET", URI, TOKEN);
		assertThatExceptionOfType(DPoPReplayCheckUnavailableException.class)
			.isThrownBy(() -> failing.verify(proof, "GET", URI, TOKEN, boundClaims()));
	}

	@Test
	void verifyWhenMethodDiffersThenRefuses() {
		assertRefused(this.client.proof("POST", URI, TOKEN));
	}

	@Test
	void verifyWhenUriDiffersThenRefuses() {
		assertRefused(this.client.proof("GET", "https://api.example/other", TOKEN));
	}

	@Test
	void verifyWhenIssuedBeforeTheSkewThenRefuses() {
		assertRefused(this.client.proof("GET", URI, TOKEN, (header) -> {
		}, (claims) -> claims.issueTime(Date.from(this.clock.instant().minusSeconds(31)))));
	}

	@Test
	void verifyWhenIssuedAfterTheSkewThenRefuses() {
		assertRefused(this.client.proof("GET", URI, TOKEN, (header) -> {
		}, (claims) -> claims.issueTime(Date.from(this.clock.instant().plusSeconds(31)))));
	}

	@Test
	void verifyWhenIssuedWithinTheSkewThenAccepts() {
		verify(this.client.proof("GET", URI, TOKEN, (header) -> {
		}, (claims) -> claims.issueTime(Date.from(this.clock.instant().minusSeconds(29)))));
	}

	@Test
	void verifyWhenIssueTimeIsMissingThenRefuses() {
		assertRefused(this.client.proof("GET", URI, TOKEN, (header) -> {
		}, (claims) -> claims.issueTime(null)));
	}

	@Test
	void verifyWhenIdIsMissingThenRefuses() {
		assertRefused(this.client.proof("GET", URI, TOKEN, (header) -> {
		}, (claims) -> claims.jwtID(null)));
	}

	@Test
	void verifyWhenHashIsOfAnotherTokenThenRefuses() {
		assertRefused(this.client.proof("GET", URI, "another-token"));
	}

	@Test
	void verifyWhenHashIsMissingThenRefuses() {
		assertRefused(this.client.proof("GET", URI, TOKEN, (header) -> {
		}, (claims) -> claims.claim("ath", null)));
	}

	@Test
	void verifyWhenSignedWithAnotherKeyThanTheBoundOneThenRefuses() {
		assertRefused(new DPoPProofs().proof("GET", URI, TOKEN));
	}

	@Test
	void verifyWhenSignatureIsNotByTheHeaderKeyThenRefuses() {
		DPoPProofs other = new DPoPProofs();
		String proof = this.client.proof("GET", URI, TOKEN);
		String forged = other.proof("GET", URI, TOKEN);
		String[] parts = proof.split("\\.");
		assertRefused(parts[0] + "." + parts[1] + "." + forged.split("\\.")[2]);
	}

	@Test
	void verifyWhenTypeIsNotDPoPThenRefuses() {
		assertRefused(this.client.proof("GET", URI, TOKEN, (header) -> header.type(JOSEObjectType.JWT), (claims) -> {
		}));
	}

	@Test
	void verifyWhenSignedWithASymmetricKeyThenRefuses() throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("dpop+jwt")).build(),
				new JWTClaimsSet.Builder().claim("htm", "GET")
					.claim("htu", URI)
					.claim("ath", DPoPProofs.hash(TOKEN))
					.issueTime(Date.from(this.clock.instant()))
					.jwtID(UUID.randomUUID().toString())
					.build());
		jwt.sign(new MACSigner(new byte[32]));
		assertRefused(jwt.serialize());
	}

	@Test
	void verifyWhenTokenIsNotBoundThenRefuses() {
		String proof = this.client.proof("GET", URI, TOKEN);
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.verifier.verify(proof, "GET", URI, TOKEN, Map.of("sub", "alice")));
	}

	@Test
	void verifyWhenMethodIsUnknownThenRefuses() {
		String proof = this.client.proof("PROPFIND", URI, TOKEN);
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.verifier.verify(proof, "PROPFIND", URI, TOKEN, boundClaims()));
	}

	@Test
	void verifyWhenNoncesAreRequiredAndProofHasNoneThenAsksForTheCurrentOne() {
		DPoPNonces nonces = nonces(this.clock);
		this.verifier.setNonces(nonces);
		assertThatExceptionOfType(DPoPNonceRequiredException.class)
			.isThrownBy(() -> verify(this.client.proof("GET", URI, TOKEN)))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("use_dpop_nonce"))
			.satisfies((ex) -> assertThat(ex.getNonce()).isEqualTo(nonces.current()));
	}

	@Test
	void verifyWhenProofHasTheCurrentNonceThenAccepts() {
		DPoPNonces nonces = nonces(this.clock);
		this.verifier.setNonces(nonces);
		assertThatNoException().isThrownBy(() -> verify(withNonce(nonces.current(), UUID.randomUUID().toString())));
	}

	@Test
	void verifyWhenProofHasAStaleNonceThenAsksForAFreshOne() {
		DPoPNonces nonces = nonces(this.clock);
		this.verifier.setNonces(nonces);
		String stale = nonces(Clock.fixed(this.clock.instant().minus(Duration.ofHours(1)), ZoneOffset.UTC)).current();
		assertThatExceptionOfType(DPoPNonceRequiredException.class)
			.isThrownBy(() -> verify(withNonce(stale, UUID.randomUUID().toString())))
			.satisfies((ex) -> assertThat(ex.getNonce()).isEqualTo(nonces.current()));
	}

	@Test
	void verifyWhenNonceIsMissingThenTheProofsIdIsNotRecorded() {
		DPoPNonces nonces = nonces(this.clock);
		this.verifier.setNonces(nonces);
		String jti = UUID.randomUUID().toString();
		assertThatExceptionOfType(DPoPNonceRequiredException.class).isThrownBy(() -> verify(withNonce(null, jti)));
		assertThatNoException().isThrownBy(() -> verify(withNonce(nonces.current(), jti)));
	}

	@Test
	void verifyWhenNoncesAreRequiredAndProofIsOtherwiseInvalidWithANonceThenRefuses() {
		DPoPNonces nonces = nonces(this.clock);
		this.verifier.setNonces(nonces);
		assertRefused(this.client.proof("POST", URI, TOKEN, (header) -> {
		}, (claims) -> claims.claim("nonce", nonces.current())));
	}

	private String withNonce(@Nullable String nonce, String jti) {
		return this.client.proof("GET", URI, TOKEN, (header) -> {
		}, (claims) -> claims.claim("nonce", nonce).jwtID(jti));
	}

	private static DPoPNonces nonces(Clock clock) {
		return new DPoPNonces("dpop-proof-verifier-tests-secret-0123456789", List.of(), Duration.ofMinutes(5),
				Duration.ofSeconds(30), clock);
	}

	private DPoPProofVerifier verifier(RevocationStore store) {
		DPoPProofVerifier verifier = new DPoPProofVerifier(new OneTimeTokens(store, this.keys));
		verifier.setClock(this.clock);
		return verifier;
	}

	private void verify(String proof) {
		this.verifier.verify(proof, "GET", URI, TOKEN, boundClaims());
	}

	private void assertRefused(String proof) {
		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> verify(proof))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_DPOP_PROOF));
	}

	private Map<String, Object> boundClaims() {
		return Map.of("sub", "alice", "cnf", Map.of("jkt", this.client.thumbprint()));
	}

	private static String sha256(String value) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A revocation store whose Redis does not answer.
	 */
	private static final class FailingStore implements RevocationStore {

		@Override
		public void write(String key, String value, Duration ttl) {
			throw new CacheStoreException("Redis is down", new IllegalStateException("down"));
		}

		@Override
		public List<@Nullable String> read(List<String> keys) {
			throw new CacheStoreException("Redis is down", new IllegalStateException("down"));
		}

		@Override
		public boolean writeIfAbsent(String key, String value, Duration ttl) {
			throw new CacheStoreException("Redis is down", new IllegalStateException("down"));
		}

	}

}
