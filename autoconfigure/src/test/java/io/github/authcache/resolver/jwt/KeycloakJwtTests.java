/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.net.http.HttpResponse;

import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.test.keycloak.KeycloakRealm;
import io.github.authcache.test.keycloak.KeycloakTokens;
import io.github.authcache.testing.KeycloakIntegrationTests;
import io.github.authcache.testing.WebInstance;
import io.github.authcache.testing.WebInstanceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in local JWT mode against a real Keycloak: access tokens verified against
 * the realm's JWKS ({@code /realms/{realm}/protocol/openid-connect/certs}) with its
 * issuer and the resource server's audience, never introspected, and still revocable.
 *
 * @author authcache authors
 */
class KeycloakJwtTests extends KeycloakIntegrationTests {

	@RegisterExtension
	static final WebInstanceExtension application = application(() -> jwtProperties());

	@Test
	void accessTokensAreAcceptedWithoutIntrospectionOrCacheEntry() {
		KeycloakTokens user = keycloak.passwordGrant(KeycloakRealm.USER);
		KeycloakTokens job = keycloak.clientCredentials(KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET);
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = app().me(user.accessToken());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(body(response).path("name").asString()).isEqualTo(keycloak.userId(KeycloakRealm.USER));
			assertThat(app().me(job.accessToken()).statusCode()).isEqualTo(200);
		}
		assertThat(keycloak.introspectionCount()).isZero();
		assertThat(this.jedis.keys("authcache:token:*")).isEmpty();
	}

	@Test
	void refreshTokenIsRefused() {
		KeycloakTokens tokens = keycloak.passwordGrant(KeycloakRealm.USER);
		assertThat(app().me(tokens.requiredRefreshToken()).statusCode()).isEqualTo(401);
		assertThat(keycloak.introspectionCount()).isZero();
	}

	@Test
	void blacklistedJtiRefusesThatTokenOnly() {
		String revoked = keycloak.passwordGrant(KeycloakRealm.USER).accessToken();
		String other = keycloak.passwordGrant(KeycloakRealm.USER).accessToken();
		assertThat(app().me(revoked).statusCode()).isEqualTo(200);
		app().bean(AuthCacheInvalidator.class)
			.revokeJti(keycloak.issuer(), claims(revoked).path("jti").asString(), expiry(revoked));
		HttpResponse<String> response = app().me(revoked);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).contains("revoked"));
		assertThat(app().me(other).statusCode()).isEqualTo(200);
	}

	@Test
	void revokeAllRefusesEveryTokenOfTheUserIssuedBefore() throws InterruptedException {
		KeycloakTokens login = keycloak.passwordGrant(KeycloakRealm.USER);
		String refreshed = keycloak.refresh(login.requiredRefreshToken()).accessToken();
		String otherUser = keycloak.passwordGrant(KeycloakRealm.OTHER_USER).accessToken();
		assertThat(app().me(login.accessToken()).statusCode()).isEqualTo(200);
		app().bean(AuthCacheInvalidator.class).invalidateUser(keycloak.userId(KeycloakRealm.USER));
		assertThat(app().me(login.accessToken()).statusCode()).isEqualTo(401);
		assertThat(app().me(refreshed).statusCode()).isEqualTo(401);
		assertThat(app().me(otherUser).statusCode()).isEqualTo(200);
		// iat has a resolution of one second
		Thread.sleep(1100);
		assertThat(app().me(keycloak.passwordGrant(KeycloakRealm.USER).accessToken()).statusCode()).isEqualTo(200);
		assertThat(keycloak.introspectionCount()).isZero();
	}

	@Test
	void issuerNamesTheHostTheTokenWasAskedFrom() {
		String token = keycloak.passwordGrant(KeycloakRealm.USER).accessToken();
		assertThat(claims(token).path("iss").asString()).isEqualTo(keycloak.issuer());
		try (WebInstance localhost = WebInstance
			.start(jwtProperties("authcache.jwt.issuer=" + keycloak.issuer().replace("127.0.0.1", "localhost")))) {
			assertThat(localhost.me(token).statusCode()).isEqualTo(401);
		}
		assertThat(app().me(token).statusCode()).isEqualTo(200);
	}

	private static WebInstance app() {
		return application.get();
	}

}
