/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;

import io.github.authcache.test.keycloak.KeycloakRealm;
import io.github.authcache.test.keycloak.KeycloakTokens;
import io.github.authcache.testing.KeycloakIntegrationTests;
import io.github.authcache.testing.WebInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

	private static WebInstance first;

	private static WebInstance second;

	@BeforeAll
	static void startApplications() {
		String[] backChannelLogout = { "authcache.near-cache.enabled=true",
				"authcache.back-channel-logout.enabled=true",
				"authcache.back-channel-logout.jwk-set-uri=" + keycloak.jwkSetUri(),
				"authcache.back-channel-logout.issuer=" + keycloak.issuer(),
				"authcache.back-channel-logout.audiences=" + KeycloakRealm.WEB_APP };
		first = WebInstance.start(introspectionProperties(backChannelLogout));
		second = WebInstance.start(introspectionProperties(backChannelLogout));
		keycloak.setBackChannelLogoutUrl(first.url("/backchannel-logout"));
	}

	@AfterAll
	static void stopApplications() {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
	}

	@Test
	void sessionEndedAtKeycloakEndsItsCachedTokensOnBothInstances() {
		KeycloakTokens login = keycloak.passwordGrant(KeycloakRealm.USER);
		String refreshed = keycloak.refresh(login.requiredRefreshToken()).accessToken();
		String otherSession = keycloak.passwordGrant(KeycloakRealm.USER).accessToken();
		for (WebInstance instance : new WebInstance[] { first, second }) {
			for (String token : new String[] { login.accessToken(), refreshed, otherSession }) {
				assertThat(instance.me(token).statusCode()).isEqualTo(200);
			}
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(3);
		keycloak.deleteSession(login.requiredSessionId());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (WebInstance instance : new WebInstance[] { first, second }) {
				assertThat(instance.me(login.accessToken()).statusCode()).isEqualTo(401);
				assertThat(instance.me(refreshed).statusCode()).isEqualTo(401);
			}
		});
		assertThat(first.me(otherSession).statusCode()).isEqualTo(200);
		assertThat(second.me(otherSession).statusCode()).isEqualTo(200);
	}

}
