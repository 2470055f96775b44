/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.github.authcache.testing.KeycloakIntegrationTests;
import io.github.authcache.testing.WebInstance;
import io.github.authcache.testing.WebInstanceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keycloak's not-before push from a real Keycloak: a client's revocation policy pushed to
 * one of two application instances that share a Redis and keep near caches refuses the
 * cached tokens issued before it on both at once, without asking Keycloak, and a token
 * issued after it works.
 *
 * @author authcache authors
 */
class KeycloakNotBeforePushTests extends KeycloakIntegrationTests {

	private static final String CLIENT_ID = "not-before-" + UUID.randomUUID();

	private static final String CLIENT_SECRET = "not-before-secret";

	@RegisterExtension
	static final WebInstanceExtension first = application(KeycloakNotBeforePushTests::properties);

	@RegisterExtension
	static final WebInstanceExtension second = application(KeycloakNotBeforePushTests::properties);

	@BeforeAll
	static void pushTheRevocationPolicyToTheFirstInstance() {
		keycloak.createServiceAccountWithAdminUrl(CLIENT_ID, CLIENT_SECRET, first.get().url(""));
	}

	@Test
	void pushedNotBeforeRefusesCachedTokensIssuedBeforeItOnBothInstances() {
		String before = keycloak.clientCredentials(CLIENT_ID, CLIENT_SECRET).accessToken();
		for (WebInstance instance : instances()) {
			assertThat(instance.me(before).statusCode()).isEqualTo(200);
			assertThat(instance.me(before).statusCode()).isEqualTo(200);
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(1);
		long notBefore = claims(before).path("iat").asLong() + 1;
		JsonNode pushed = keycloak.pushClientNotBefore(CLIENT_ID, notBefore);
		assertThat(pushed.path("successRequests")).hasSize(1);
		assertThat(pushed.path("failedRequests")).isEmpty();
		for (WebInstance instance : instances()) {
			assertThat(instance.me(before).statusCode()).isEqualTo(401);
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(1);
		String after = await().atMost(Duration.ofSeconds(10))
			.until(() -> keycloak.clientCredentials(CLIENT_ID, CLIENT_SECRET).accessToken(),
					(token) -> claims(token).path("iat").asLong() >= notBefore);
		for (WebInstance instance : instances()) {
			assertThat(instance.me(after).statusCode()).isEqualTo(200);
		}
	}

	private static List<String> properties() {
		return introspectionProperties("authcache.near-cache.enabled=true",
				"authcache.keycloak.not-before.enabled=true",
				"authcache.keycloak.not-before.issuer=" + keycloak.issuer(),
				"authcache.keycloak.not-before.client-id=" + CLIENT_ID);
	}

	private static WebInstance[] instances() {
		return new WebInstance[] { first.get(), second.get() };
	}

}
