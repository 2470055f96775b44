/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.util.Base64;
import java.util.List;

import io.github.authcache.test.keycloak.KeycloakRealm;
import io.github.authcache.test.keycloak.KeycloakServer;
import io.github.authcache.test.keycloak.KeycloakTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The facts about Keycloak that the Keycloak recipe of docs/identity-providers.md states,
 * checked against the real server that {@link KeycloakServer} starts (which these tests
 * also test): token kinds, audience, issuer, introspection events, revocation by the
 * issuing client only, and sessions ended through the admin API. It shares the one
 * Keycloak of the test run.
 *
 * @author authcache authors
 */
class KeycloakRecipeFactsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static KeycloakServer keycloak;

	@BeforeAll
	static void startKeycloak() {
		keycloak = KeycloakServer.shared();
	}

	@Test
	void passwordGrantGivesTokensOfTheRealmForTheResourceServer() {
		KeycloakTokens tokens = keycloak.passwordGrant(KeycloakRealm.USER);
		JsonNode access = claims(tokens.accessToken());
		assertThat(access.path("iss").asString()).isEqualTo(keycloak.issuer());
		assertThat(access.path("sub").asString()).isEqualTo(keycloak.userId(KeycloakRealm.USER));
		assertThat(access.path("azp").asString()).isEqualTo(KeycloakRealm.WEB_APP);
		assertThat(access.path("sid").asString()).isEqualTo(tokens.sessionId());
		assertThat(access.path("typ").asString()).isEqualTo("Bearer");
		assertThat(access.path("aud").isArray() ? access.path("aud").values() : List.of(access.path("aud")))
			.extracting(JsonNode::asString)
			.contains(KeycloakRealm.RESOURCE_SERVER);
		assertThat(claims(tokens.requiredIdToken()).path("typ").asString()).isEqualTo("ID");
		assertThat(claims(tokens.requiredRefreshToken()).path("typ").asString()).isEqualTo("Refresh");
	}

	@Test
	void introspectionCountCountsEveryCallOfTheResourceServer() {
		KeycloakTokens job = keycloak.clientCredentials(KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET);
		keycloak.resetIntrospectionCount();
		assertThat(keycloak.introspectionCount()).isZero();
		assertThat(keycloak.introspect(job.accessToken()).path("active").asBoolean()).isTrue();
		assertThat(keycloak.introspect("not-a-token").path("active").asBoolean()).isFalse();
		assertThat(keycloak.introspectionCount()).isEqualTo(2);
	}

	@Test
	void introspectionAnswersKeycloaksTokenKindsApart() {
		KeycloakTokens tokens = keycloak.passwordGrant(KeycloakRealm.USER);
		JsonNode access = keycloak.introspect(tokens.accessToken());
		assertThat(access.path("active").asBoolean()).isTrue();
		assertThat(access.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(access.path("client_id").asString()).isEqualTo(KeycloakRealm.WEB_APP);
		assertThat(keycloak.introspect(tokens.requiredIdToken()).path("token_type").asString()).isEqualTo("ID");
		assertThat(keycloak.introspect(tokens.requiredRefreshToken()).path("active").asBoolean()).isFalse();
	}

	@Test
	void sessionDeletedThenItsAccessTokenIsInactive() {
		KeycloakTokens tokens = keycloak.passwordGrant(KeycloakRealm.OTHER_USER);
		assertThat(keycloak.introspect(tokens.accessToken()).path("active").asBoolean()).isTrue();
		keycloak.deleteSession(tokens.requiredSessionId());
		assertThat(keycloak.introspect(tokens.accessToken()).path("active").asBoolean()).isFalse();
	}

	@Test
	void revocationOnlyByTheClientTheTokenWasIssuedTo() {
		KeycloakTokens job = keycloak.clientCredentials(KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET);
		assertThat(
				keycloak.revoke(job.accessToken(), KeycloakRealm.RESOURCE_SERVER, KeycloakRealm.RESOURCE_SERVER_SECRET))
			.isEqualTo(400);
		assertThat(keycloak.revoke(job.accessToken(), KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET))
			.isEqualTo(200);
		assertThat(keycloak.introspect(job.accessToken()).path("active").asBoolean()).isFalse();
	}

	private static JsonNode claims(String jwt) {
		return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

}
