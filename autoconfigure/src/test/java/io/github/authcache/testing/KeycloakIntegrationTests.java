/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import io.github.authcache.test.keycloak.KeycloakRealm;
import io.github.authcache.test.keycloak.KeycloakServer;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the tests against a real Keycloak: the one {@link KeycloakServer} of the test
 * run (started by the first such test class, skipped on a developer machine without Java
 * 21+), one real {@code redis-server}, and the properties that point the starter at both.
 * Each test starts with an empty cache and an introspection count of zero.
 *
 * @author authcache authors
 */
public abstract class KeycloakIntegrationTests {

	protected static final RedisServer redis = RedisServer.startDefault();

	/**
	 * The {@code authcache.cache.secret} of the applications.
	 */
	protected static final String CACHE_SECRET = "keycloak-integration-tests-secret-0123456789";

	private static final JsonMapper json = JsonMapper.builder().build();

	protected static KeycloakServer keycloak;

	protected Jedis jedis;

	@BeforeAll
	static void startKeycloak() {
		keycloak = KeycloakServer.shared();
	}

	@BeforeEach
	void resetServers() {
		this.jedis = redis.jedis();
		CacheData.clear(this.jedis);
		keycloak.resetIntrospectionCount();
	}

	/**
	 * Return an extension that runs one application for a test class, with the given
	 * properties (read when the class starts, after Keycloak is up).
	 * @param properties the application's properties
	 * @return the extension
	 */
	protected static WebInstanceExtension application(Supplier<List<String>> properties) {
		return new WebInstanceExtension(() -> {
			startKeycloak();
			return properties.get();
		});
	}

	/**
	 * Get a client-credentials token of {@link KeycloakRealm#BATCH_JOB}, have the
	 * application cache its verdict, then revoke it at Keycloak (RFC 7009) as the client
	 * it was issued to.
	 * @param app the application
	 * @return the token, still cached as active
	 */
	protected static String cachedThenRevokedAtKeycloak(WebInstance app) {
		String token = keycloak.clientCredentials(KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET)
			.accessToken();
		assertThat(app.me(token).statusCode()).isEqualTo(200);
		assertThat(keycloak.revoke(token, KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET)).isEqualTo(200);
		return token;
	}

	@AfterEach
	void closeJedis() {
		this.jedis.close();
	}

	/**
	 * Return the properties of an application that introspects tokens at Keycloak as
	 * {@link KeycloakRealm#RESOURCE_SERVER}, caching in the test's Redis.
	 * @param more further properties
	 * @return the properties
	 */
	protected static List<String> introspectionProperties(String... more) {
		return introspectionProperties(keycloak, redis, more);
	}

	/**
	 * Return the properties of an application that introspects tokens at the given
	 * Keycloak as {@link KeycloakRealm#RESOURCE_SERVER}, caching in the given Redis: for
	 * a test class that starts a Keycloak of its own.
	 * @param keycloak the Keycloak
	 * @param redis the Redis
	 * @param more further properties
	 * @return the properties
	 */
	public static List<String> introspectionProperties(KeycloakServer keycloak, RedisServer redis, String... more) {
		List<String> properties = new ArrayList<>(List.of("spring.data.redis.host=" + redis.host(),
				"spring.data.redis.port=" + redis.port(), "authcache.cache.secret=" + CACHE_SECRET,
				// Keycloak shares two cores with the build: give it time
				"authcache.upstream.read-timeout=20s", "authcache.introspection.uri=" + keycloak.introspectionUri(),
				"authcache.introspection.client-id=" + KeycloakRealm.RESOURCE_SERVER,
				"authcache.introspection.client-secret=" + KeycloakRealm.RESOURCE_SERVER_SECRET));
		properties.addAll(List.of(more));
		return properties;
	}

	/**
	 * Return the properties of an application that verifies JWT access tokens locally
	 * against Keycloak's JWKS, with the issuer and the resource server's audience
	 * required; introspection stays configured, so that a count of zero means something.
	 * @param more further properties
	 * @return the properties
	 */
	protected static List<String> jwtProperties(String... more) {
		List<String> properties = introspectionProperties("authcache.jwt.jwk-set-uri=" + keycloak.jwkSetUri(),
				"authcache.jwt.issuer=" + keycloak.issuer(),
				"authcache.jwt.required-audiences=" + KeycloakRealm.RESOURCE_SERVER);
		properties.addAll(List.of(more));
		return properties;
	}

	/**
	 * Return the claims of a JWT, without verifying it.
	 * @param jwt the JWT
	 * @return the claims
	 */
	protected static JsonNode claims(String jwt) {
		return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

	/**
	 * Return the expiry of a JWT.
	 * @param jwt the JWT
	 * @return its {@code exp}
	 */
	protected static Instant expiry(String jwt) {
		return Instant.ofEpochSecond(claims(jwt).path("exp").asLong());
	}

	/**
	 * Return the JSON body of a response.
	 * @param response the response
	 * @return the body
	 */
	protected static JsonNode body(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

}
