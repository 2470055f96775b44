/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.net.http.HttpResponse;

import io.github.authcache.test.keycloak.KeycloakRealm;
import io.github.authcache.test.keycloak.KeycloakTokens;
import io.github.authcache.testing.KeycloakIntegrationTests;
import io.github.authcache.testing.WebInstance;
import io.github.authcache.testing.WebInstanceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local JWT mode against a real Keycloak, for what tells Keycloak's tokens apart: an ID
 * token is signed with the same key and issuer as an access token, and here even carries
 * the resource server's audience, so only its kind ({@code typ: "ID"}) refuses it; the
 * client of a Keycloak token is its {@code azp}.
 *
 * @author authcache authors
 */
class KeycloakJwtTokenKindTests extends KeycloakIntegrationTests {

	@RegisterExtension
	static final WebInstanceExtension application = application(() -> jwtProperties());

	@Test
	void idTokenIsRefusedThoughItCarriesTheResourceServersAudience() {
		KeycloakTokens tokens = keycloak.passwordGrant(KeycloakRealm.USER);
		assertThat(claims(tokens.requiredIdToken()).path("aud").toString()).contains(KeycloakRealm.RESOURCE_SERVER);
		assertThat(app().me(tokens.accessToken()).statusCode()).isEqualTo(200);
		assertThat(app().me(tokens.requiredIdToken()).statusCode()).isEqualTo(401);
	}

	@Test
	void clientIdIsTheAuthorizedParty() {
		HttpResponse<String> user = app().me(keycloak.passwordGrant(KeycloakRealm.USER).accessToken());
		assertThat(body(user).path("client_id").asString()).isEqualTo(KeycloakRealm.WEB_APP);
		HttpResponse<String> job = app()
			.me(keycloak.clientCredentials(KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET).accessToken());
		assertThat(body(job).path("client_id").asString()).isEqualTo(KeycloakRealm.BATCH_JOB);
	}

	private static WebInstance app() {
		return application.get();
	}

}
