/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.InMemoryRevocationStore;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import io.github.authcache.testing.DPoPProofs;
import io.github.authcache.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link TokenBindingVerifier}.
 *
 * @author authcache authors
 */
@EnabledIf(value = "io.github.authcache.testing.DPoPProofs#areChecked",
		disabledReason = "Spring Security 7.0 has no DPoP proof checks")
class TokenBindingVerifierTests {

	private static final String TOKEN = "bound-token";

	private final DPoPProofs client = new DPoPProofs();

	private final TokenBindingVerifier verifier = new TokenBindingVerifier(new DPoPProofVerifier(new OneTimeTokens(
			new InMemoryRevocationStore(new MutableClock(Instant.now())), new CacheKeys("authcache:", null))));

	@Test
	void verifyWhenUnboundBearerThenAccepts() {
		assertThatNoException().isThrownBy(() -> this.verifier.verify(request(), bearer(), token(Map.of())));
	}

	@Test
	void verifyWhenKeyBoundTokenIsSentAsBearerThenRefusesAsInvalidToken() {
		assertThatExceptionOfType(InvalidBearerTokenException.class)
			.isThrownBy(() -> this.verifier.verify(request(), bearer(), token(keyBound())));
	}

	@Test
	void verifyWhenKeyBoundTokenIsSentWithAProofThenAccepts() {
		MockHttpServletRequest request = request();
		request.addHeader("DPoP", this.client.proof("GET", "http://localhost/api/me", TOKEN));
		assertThatNoException().isThrownBy(() -> this.verifier.verify(request, dpop(), token(keyBound())));
	}

	@Test
	void verifyWhenDPoPWithoutProofThenRefusesTheProof() {
		assertInvalidProof(() -> this.verifier.verify(request(), dpop(), token(keyBound())));
	}

	@Test
	void verifyWhenDPoPWithTwoProofsThenRefusesTheProof() {
		MockHttpServletRequest request = request();
		request.addHeader("DPoP", this.client.proof("GET", "http://localhost/api/me", TOKEN));
		request.addHeader("DPoP", this.client.proof("GET", "http://localhost/api/me", TOKEN));
		assertInvalidProof(() -> this.verifier.verify(request, dpop(), token(keyBound())));
	}

	@Test
	void verifyWhenProofIsForAnotherUrlThenRefusesTheProof() {
		MockHttpServletRequest request = request();
		request.addHeader("DPoP", this.client.proof("GET", "http://localhost/api/other", TOKEN));
		assertInvalidProof(() -> this.verifier.verify(request, dpop(), token(keyBound())));
	}

	@Test
	void verifyWhenUnboundTokenIsSentWithDPoPThenRefusesTheProof() {
		MockHttpServletRequest request = request();
		request.addHeader("DPoP", this.client.proof("GET", "http://localhost/api/me", TOKEN));
		assertInvalidProof(() -> this.verifier.verify(request, dpop(), token(Map.of())));
	}

	@Test
	void verifyWhenDPoPIsNotEnabledThenRefusesTheProof() {
		MockHttpServletRequest request = request();
		request.addHeader("DPoP", this.client.proof("GET", "http://localhost/api/me", TOKEN));
		assertInvalidProof(() -> new TokenBindingVerifier(null).verify(request, dpop(), token(keyBound())));
	}

	@Test
	void verifyWhenCertificateBoundTokenComesWithItsCertificateThenAccepts() throws Exception {
		MockHttpServletRequest request = request();
		X509Certificate certificate = certificate(new byte[] { 1, 2, 3 });
		request.setAttribute("jakarta.servlet.request.X509Certificate", new X509Certificate[] { certificate });
		Map<String, Object> claims = Map.of("cnf", Map.of("x5t#S256", thumbprint(new byte[] { 1, 2, 3 })));
		assertThatNoException().isThrownBy(() -> this.verifier.verify(request, bearer(), token(claims)));
	}

	@Test
	void verifyWhenCertificateBoundTokenComesWithAnotherCertificateThenRefuses() throws Exception {
		MockHttpServletRequest request = request();
		request.setAttribute("jakarta.servlet.request.X509Certificate",
				new X509Certificate[] { certificate(new byte[] { 4, 5, 6 }) });
		Map<String, Object> claims = Map.of("cnf", Map.of("x5t#S256", thumbprint(new byte[] { 1, 2, 3 })));
		assertThatExceptionOfType(InvalidBearerTokenException.class)
			.isThrownBy(() -> this.verifier.verify(request, bearer(), token(claims)));
	}

	@Test
	void verifyWhenCertificateBoundTokenComesWithoutCertificateThenRefuses() throws Exception {
		Map<String, Object> claims = Map.of("cnf", Map.of("x5t#S256", thumbprint(new byte[] { 1, 2, 3 })));
		assertThatExceptionOfType(InvalidBearerTokenException.class)
			.isThrownBy(() -> this.verifier.verify(request(), bearer(), token(claims)));
	}

	@Test
	void verifyWhenBoundInAnUnknownWayThenRefuses() {
		Map<String, Object> claims = Map.of("cnf", Map.of("jwk", Map.of("kty", "EC")));
		assertThatExceptionOfType(InvalidBearerTokenException.class)
			.isThrownBy(() -> this.verifier.verify(request(), bearer(), token(claims)));
	}

	@Test
	void verifyWhenConfirmationIsNotAnObjectThenRefuses() {
		assertThatExceptionOfType(InvalidBearerTokenException.class)
			.isThrownBy(() -> this.verifier.verify(request(), bearer(), token(Map.of("cnf", "x"))));
	}

	private Map<String, Object> keyBound() {
		return Map.of("cnf", Map.of("jkt", this.client.thumbprint()));
	}

	private static MockHttpServletRequest request() {
		return new MockHttpServletRequest("GET", "/api/me");
	}

	private static Credential bearer() {
		return new Credential(CredentialType.ACCESS_TOKEN, TOKEN);
	}

	private static Credential dpop() {
		return new Credential(CredentialType.ACCESS_TOKEN, TOKEN, true);
	}

	private static Authentication token(Map<String, Object> claims) {
		return AuthCacheAuthentications.bearerToken(TOKEN,
				new Identity("alice", null, null, null, List.of("SCOPE_read"), claims));
	}

	private static void assertInvalidProof(Runnable verification) {
		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(verification::run)
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_DPOP_PROOF));
	}

	private static X509Certificate certificate(byte[] encoded) throws Exception {
		X509Certificate certificate = mock(X509Certificate.class);
		given(certificate.getEncoded()).willReturn(encoded);
		return certificate;
	}

	private static String thumbprint(byte[] encoded) throws Exception {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(encoded));
	}

}
