/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.authcache.test.keycloak.KeycloakRealm;
import io.github.authcache.testing.DPoPProofs;
import io.github.authcache.testing.KeycloakIntegrationTests;
import io.github.authcache.testing.WebInstance;
import io.github.authcache.testing.WebInstanceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP (RFC 9449) against the real Keycloak of the test run: an access token that
 * Keycloak bound to the test's key (client-credentials grant with a {@code DPoP} proof),
 * introspected by an application with the starter. The token authenticates only with the
 * {@code DPoP} scheme and a fresh proof of that key, first and from the cache.
 *
 * @author authcache authors
 */
@EnabledIf(value = "io.github.authcache.testing.DPoPProofs#areChecked",
		disabledReason = "Spring Security 7.0 has no DPoP proof checks")
class KeycloakDPoPTests extends KeycloakIntegrationTests {

	@RegisterExtension
	static final WebInstanceExtension application = application(() -> introspectionProperties());

	// Limits failed authentications to one a minute: nonce challenges must not count
	@RegisterExtension
	static final WebInstanceExtension requiringNonces = application(
			() -> introspectionProperties("authcache.dpop.nonce.enabled=true", "authcache.rate-limit.enabled=true",
					"authcache.rate-limit.max-failures-per-minute=1"));

	private final DPoPProofs client = new DPoPProofs();

	@Test
	void keycloakBindsTheTokenToTheProofsKey() {
		JsonNode introspection = keycloak.introspect(boundToken());
		assertThat(introspection.path("active").asBoolean()).isTrue();
		assertThat(introspection.path("token_type").asString()).isEqualTo("DPoP");
		assertThat(introspection.path("cnf").path("jkt").asString()).isEqualTo(this.client.thumbprint());
	}

	@Test
	void boundTokenWithFreshProofsIsServedFirstAndFromTheCache() {
		String token = boundToken();
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = app().meWithDPoP(token, proof(token));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(body(response).path("client_id").asString()).isEqualTo(KeycloakRealm.BATCH_JOB);
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(1);
	}

	@Test
	void boundTokenSentAsBearerIsRefusedFirstAndFromTheCache() {
		String token = boundToken();
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = app().me(token);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(value) -> assertThat(value).startsWith("Bearer").contains("error=\"invalid_token\""));
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(1);
	}

	@Test
	void replayedProofIsRefused() {
		String token = boundToken();
		String proof = proof(token);
		assertThat(app().meWithDPoP(token, proof).statusCode()).isEqualTo(200);
		HttpResponse<String> replayed = app().meWithDPoP(token, proof);
		assertThat(replayed.statusCode()).isEqualTo(401);
		assertThat(replayed.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("DPoP").contains("error=\"invalid_dpop_proof\""));
	}

	@Test
	void proofOfAnotherKeyIsRefused() {
		String token = boundToken();
		String proof = new DPoPProofs().proof("GET", app().url("/api/me"), token);
		HttpResponse<String> response = app().meWithDPoP(token, proof);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("DPoP").contains("error=\"invalid_dpop_proof\""));
	}

	@Test
	void proofWithoutNonceIsAskedForOneAndTheProofWithItIsServed() {
		String token = boundToken();
		WebInstance app = requiringNonces.get();
		HttpResponse<String> challenged = app.meWithDPoP(token, this.client.proof("GET", app.url("/api/me"), token));
		assertThat(challenged.statusCode()).isEqualTo(401);
		assertThat(challenged.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("DPoP").contains("error=\"use_dpop_nonce\""));
		String nonce = challenged.headers().firstValue("DPoP-Nonce").orElseThrow();
		HttpResponse<String> served = app.meWithDPoP(token, proofWithNonce(app, token, nonce));
		assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
		assertThat(served.headers().firstValue("DPoP-Nonce")).hasValue(nonce);
		assertThat(keycloak.introspectionCount()).isEqualTo(1);
	}

	@Test
	void proofWithStaleNonceIsAskedForAFreshOne() {
		String token = boundToken();
		WebInstance app = requiringNonces.get();
		Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
		String stale = new DPoPNonces(CACHE_SECRET, List.of(), Duration.ofMinutes(5), Duration.ofSeconds(30), anHourAgo)
			.current();
		HttpResponse<String> challenged = app.meWithDPoP(token, proofWithNonce(app, token, stale));
		assertThat(challenged.statusCode()).isEqualTo(401);
		assertThat(challenged.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("DPoP").contains("error=\"use_dpop_nonce\""));
		String fresh = challenged.headers().firstValue("DPoP-Nonce").orElseThrow();
		assertThat(fresh).isNotEqualTo(stale);
		assertThat(app.meWithDPoP(token, proofWithNonce(app, token, fresh)).statusCode()).isEqualTo(200);
	}

	@Test
	void nonceChallengesAreNotCountedAsFailedAuthentications() {
		String token = boundToken();
		WebInstance app = requiringNonces.get();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> challenged = app.meWithDPoP(token,
					this.client.proof("GET", app.url("/api/me"), token));
			assertThat(challenged.statusCode()).isEqualTo(401);
		}
	}

	@Test
	void noNonceIsIssuedWhenNoneIsRequired() {
		String token = boundToken();
		HttpResponse<String> served = app().meWithDPoP(token, proof(token));
		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.headers().firstValue("DPoP-Nonce")).isEmpty();
	}

	private String proofWithNonce(WebInstance app, String token, String nonce) {
		return this.client.proof("GET", app.url("/api/me"), token, (header) -> {
		}, (claims) -> claims.claim("nonce", nonce));
	}

	private String boundToken() {
		return keycloak
			.clientCredentials(KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET,
					this.client.tokenRequestProof(keycloak.tokenUri()))
			.accessToken();
	}

	private String proof(String token) {
		return this.client.proof("GET", app().url("/api/me"), token);
	}

	private static WebInstance app() {
		return application.get();
	}

}
