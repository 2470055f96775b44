/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.net.http.HttpResponse;

import io.github.authcache.testing.KeycloakIntegrationTests;
import io.github.authcache.testing.WebInstance;
import io.github.authcache.testing.WebInstanceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logout with a bearer token when {@code authcache.introspection.revocation-uri} points
 * at Keycloak's RFC 7009 endpoint: Keycloak lets only the client the token was issued to
 * revoke it and answers the resource server 400 {@code "Unmatching clients"}, so the
 * logout must still drop the token's cached verdict and never answer 500.
 *
 * @author authcache authors
 */
class KeycloakLogoutRevocationTests extends KeycloakIntegrationTests {

	@RegisterExtension
	static final WebInstanceExtension application = application(
			() -> introspectionProperties("authcache.introspection.revocation-uri=" + keycloak.revocationUri()));

	@Test
	void logoutWhenKeycloakRefusesTheRevocationThenTheCachedVerdictIsDroppedAnyway() {
		String token = cachedThenRevokedAtKeycloak(app());
		HttpResponse<String> logout = app().logout(token);
		assertThat(logout.statusCode()).as(logout.body()).isLessThan(500);
		assertThat(app().me(token).statusCode()).isEqualTo(401);
		assertThat(keycloak.introspectionCount()).isEqualTo(2);
	}

	private static WebInstance app() {
		return application.get();
	}

}
