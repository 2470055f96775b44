/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.introspection;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.test.keycloak.KeycloakRealm;
import io.github.authcache.test.keycloak.KeycloakTokens;
import io.github.authcache.testing.KeycloakIntegrationTests;
import io.github.authcache.testing.WebInstance;
import io.github.authcache.testing.WebInstanceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in introspection mode against a real Keycloak
 * ({@code /realms/{realm}/protocol/openid-connect/token/introspect}), with a real
 * {@code redis-server}: every introspection is counted from Keycloak's own
 * {@code INTROSPECT_TOKEN} events.
 *
 * @author authcache authors
 */
class KeycloakIntrospectionTests extends KeycloakIntegrationTests {

	@RegisterExtension
	static final WebInstanceExtension application = application(() -> introspectionProperties());

	@Test
	void passwordGrantAccessTokenIsIntrospectedOnceThenServedFromTheCache() {
		KeycloakTokens tokens = keycloak.passwordGrant(KeycloakRealm.USER);
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = app().me(tokens.accessToken());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode me = body(response);
			assertThat(me.path("name").asString()).isEqualTo(keycloak.userId(KeycloakRealm.USER));
			assertThat(me.path("client_id").asString()).isEqualTo(KeycloakRealm.WEB_APP);
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(1);
		assertThat(this.jedis.keys("authcache:token:*")).hasSize(1);
		assertThat(this.jedis.keys("authcache:sid:*")).hasSize(1);
	}

	@Test
	void clientCredentialsTokensAreIntrospectedOncePerToken() {
		KeycloakTokens first = keycloak.clientCredentials(KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET);
		KeycloakTokens second = keycloak.clientCredentials(KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET);
		for (String token : new String[] { first.accessToken(), second.accessToken(), first.accessToken(),
				second.accessToken() }) {
			HttpResponse<String> response = app().me(token);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(body(response).path("client_id").asString()).isEqualTo(KeycloakRealm.BATCH_JOB);
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(2);
		assertThat(this.jedis.keys("authcache:token:*")).hasSize(2);
	}

	@Test
	void refreshTokenIsRefused() {
		String refreshToken = keycloak.passwordGrant(KeycloakRealm.USER).requiredRefreshToken();
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = app().me(refreshToken);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(value) -> assertThat(value).startsWith("Bearer").contains("error=\"invalid_token\""));
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(1);
	}

	@Test
	void idTokenIsRefusedAlthoughKeycloakAnswersActive() {
		String idToken = keycloak.passwordGrant(KeycloakRealm.USER).requiredIdToken();
		JsonNode answer = keycloak.introspect(idToken);
		assertThat(answer.path("active").asBoolean()).isTrue();
		assertThat(answer.path("token_type").asString()).isEqualTo("ID");
		keycloak.resetIntrospectionCount();
		for (int i = 0; i < 2; i++) {
			assertThat(app().me(idToken).statusCode()).isEqualTo(401);
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(1);
	}

	@Test
	void shortLivedTokenIsRefusedAfterItsExpiryEvenWhenCached() throws InterruptedException {
		String token = keycloak.clientCredentials(KeycloakRealm.SHORT_LIVED_JOB, KeycloakRealm.SHORT_LIVED_JOB_SECRET)
			.accessToken();
		Instant expiry = expiry(token);
		assertThat(app().me(token).statusCode()).isEqualTo(200);
		Set<String> keys = this.jedis.keys("authcache:token:*");
		assertThat(keys).hasSize(1);
		String key = keys.iterator().next();
		assertThat(this.jedis.pttl(key)).isLessThanOrEqualTo(KeycloakRealm.SHORT_LIFESPAN.toMillis());
		// Keep the cached verdict past the token's expiry, as a clock skew between
		// Redis and the application would
		this.jedis.pexpire(key, 60_000);
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 1000);
		HttpResponse<String> response = app().me(token);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(keycloak.introspectionCount()).isEqualTo(1);
	}

	@Test
	void tokenRevokedAtKeycloakIsServedFromTheCacheUntilTheStarterIsTold() {
		String token = cachedThenRevokedAtKeycloak(app());
		assertThat(app().me(token).statusCode()).isEqualTo(200);
		assertThat(keycloak.introspectionCount()).isEqualTo(1);
		app().bean(AuthCacheInvalidator.class).invalidateCredential(new Credential(CredentialType.ACCESS_TOKEN, token));
		assertThat(app().me(token).statusCode()).isEqualTo(401);
		assertThat(keycloak.introspectionCount()).isEqualTo(2);
	}

	@Test
	void sessionEndedAtKeycloakThenInvalidateSessionEndsEveryTokenOfTheSession() {
		KeycloakTokens login = keycloak.passwordGrant(KeycloakRealm.USER);
		KeycloakTokens refreshed = keycloak.refresh(login.requiredRefreshToken());
		assertThat(refreshed.sessionId()).isEqualTo(login.sessionId());
		assertThat(app().me(login.accessToken()).statusCode()).isEqualTo(200);
		assertThat(app().me(refreshed.accessToken()).statusCode()).isEqualTo(200);
		keycloak.deleteSession(login.requiredSessionId());
		assertThat(app().me(login.accessToken()).statusCode()).isEqualTo(200);
		assertThat(keycloak.introspectionCount()).isEqualTo(2);
		app().bean(AuthCacheInvalidator.class).invalidateSession(login.requiredSessionId());
		assertThat(app().me(login.accessToken()).statusCode()).isEqualTo(401);
		assertThat(app().me(refreshed.accessToken()).statusCode()).isEqualTo(401);
		assertThat(keycloak.introspectionCount()).isEqualTo(4);
	}

	@Test
	void tokenRevokedAtKeycloakThenLogoutWithItDropsItsCachedVerdict() {
		String token = cachedThenRevokedAtKeycloak(app());
		HttpResponse<String> logout = app().logout(token);
		// 302 to /login?logout: the default filter chain's logout success
		assertThat(logout.statusCode()).as(logout.body()).isLessThan(400);
		assertThat(app().me(token).statusCode()).isEqualTo(401);
		assertThat(keycloak.introspectionCount()).isEqualTo(2);
	}

	private static WebInstance app() {
		return application.get();
	}

}
