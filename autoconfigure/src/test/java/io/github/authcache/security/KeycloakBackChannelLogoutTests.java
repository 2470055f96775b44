/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;
import java.util.List;

import io.github.authcache.test.keycloak.KeycloakRealm;
import io.github.authcache.test.keycloak.KeycloakTokens;
import io.github.authcache.testing.KeycloakIntegrationTests;
import io.github.authcache.testing.WebInstance;
import io.github.authcache.testing.WebInstanceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * OIDC back-channel logout initiated by a real Keycloak: ending a user session posts a
 * logout token (header {@code typ: logout+jwt}) to one of two application instances that
 * share a Redis and keep near caches, and the session's cached tokens stop working on
 * both.
 *
 * @author authcache authors
 */
class KeycloakBackChannelLogoutTests extends KeycloakIntegrationTests {

	@RegisterExtension
	static final WebInstanceExtension first = application(KeycloakBackChannelLogoutTests::properties);

	@RegisterExtension
	static final WebInstanceExtension second = application(KeycloakBackChannelLogoutTests::properties);

	@BeforeAll
	static void sendLogoutTokensToTheFirstInstance() {
		keycloak.setBackChannelLogoutUrl(first.get().url("/backchannel-logout"));
	}

	@Test
	void sessionEndedAtKeycloakEndsItsCachedTokensOnBothInstances() {
		KeycloakTokens login = keycloak.passwordGrant(KeycloakRealm.USER);
		String refreshed = keycloak.refresh(login.requiredRefreshToken()).accessToken();
		String otherSession = keycloak.passwordGrant(KeycloakRealm.USER).accessToken();
		for (WebInstance instance : instances()) {
			for (String token : new String[] { login.accessToken(), refreshed, otherSession }) {
				assertThat(instance.me(token).statusCode()).isEqualTo(200);
			}
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(3);
		keycloak.deleteSession(login.requiredSessionId());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (WebInstance instance : instances()) {
				assertThat(instance.me(login.accessToken()).statusCode()).isEqualTo(401);
				assertThat(instance.me(refreshed).statusCode()).isEqualTo(401);
			}
		});
		assertThat(first.get().me(otherSession).statusCode()).isEqualTo(200);
		assertThat(second.get().me(otherSession).statusCode()).isEqualTo(200);
	}

	private static List<String> properties() {
		return introspectionProperties("authcache.near-cache.enabled=true",
				"authcache.back-channel-logout.enabled=true",
				"authcache.back-channel-logout.jwk-set-uri=" + keycloak.jwkSetUri(),
				"authcache.back-channel-logout.issuer=" + keycloak.issuer(),
				"authcache.back-channel-logout.audiences=" + KeycloakRealm.WEB_APP);
	}

	private static WebInstance[] instances() {
		return new WebInstance[] { first.get(), second.get() };
	}

}
