/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.keycloak;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Keycloak's admin REST API ({@code /admin/realms}), as the bootstrap admin of the master
 * realm: creates {@link KeycloakRealm} in one call, and reads events, ends sessions and
 * changes clients for the tests.
 *
 * @author authcache authors
 */
final class KeycloakAdmin {

	private static final List<String> INTROSPECTION_EVENTS = List.of("INTROSPECT_TOKEN", "INTROSPECT_TOKEN_ERROR");

	private final String baseUrl;

	private final String username;

	private final String password;

	private final KeycloakHttp http;

	KeycloakAdmin(String baseUrl, String username, String password, KeycloakHttp http) {
		this.baseUrl = baseUrl;
		this.username = username;
		this.password = password;
		this.http = http;
	}

	void createRealm() {
		Map<String, Object> realm = new LinkedHashMap<>();
		realm.put("realm", KeycloakRealm.NAME);
		realm.put("enabled", true);
		realm.put("eventsEnabled", true);
		realm.put("enabledEventTypes", INTROSPECTION_EVENTS);
		realm.put("eventsExpiration", 3600);
		realm.put("clients", List.of(resourceServer(), webApp(),
				serviceAccount(KeycloakRealm.BATCH_JOB, KeycloakRealm.BATCH_JOB_SECRET, Map.of()),
				serviceAccount(KeycloakRealm.SHORT_LIVED_JOB, KeycloakRealm.SHORT_LIVED_JOB_SECRET,
						Map.of("access.token.lifespan", String.valueOf(KeycloakRealm.SHORT_LIFESPAN.toSeconds())))));
		realm.put("users", List.of(user(KeycloakRealm.USER, "Alice"), user(KeycloakRealm.OTHER_USER, "Bob")));
		call("POST", "/admin/realms", realm, 201);
	}

	int introspectionEvents() {
		StringBuilder query = new StringBuilder("?max=100000&client=" + KeycloakRealm.RESOURCE_SERVER);
		INTROSPECTION_EVENTS.forEach((type) -> query.append("&type=").append(type));
		return call("GET", realmPath("/events" + query), null, 200).size();
	}

	void clearEvents() {
		call("DELETE", realmPath("/events"), null, 204);
	}

	void deleteSession(String sessionId) {
		call("DELETE", realmPath("/sessions/" + encode(sessionId)), null, 204);
	}

	String userId(String username) {
		JsonNode users = call("GET", realmPath("/users?exact=true&username=" + encode(username)), null, 200);
		if (users.size() != 1) {
			throw new IllegalStateException("No single user named " + username + ": " + users);
		}
		return users.get(0).path("id").asString();
	}

	void logOutUser(String username) {
		call("POST", realmPath("/users/" + userId(username) + "/logout"), null, 204);
	}

	void updateClientAttributes(String clientId, Map<String, String> attributes) {
		JsonNode clients = call("GET", realmPath("/clients?clientId=" + encode(clientId)), null, 200);
		String id = clients.get(0).path("id").asString();
		Map<String, Object> client = new LinkedHashMap<>();
		client.put("clientId", clientId);
		client.put("attributes", attributes);
		call("PUT", realmPath("/clients/" + id), client, 204);
	}

	/**
	 * Turn the realm's Shared Signals transmitter on: Keycloak then creates the
	 * {@code ssf.read} and {@code ssf.manage} client scopes.
	 */
	void enableSharedSignalsTransmitter() {
		call("PUT", realmPath(""), Map.of("attributes", Map.of("ssf.transmitterEnabled", "true")), 204);
	}

	void createServiceAccountWithAdminUrl(String clientId, String secret, String adminUrl) {
		Map<String, Object> client = serviceAccount(clientId, secret, Map.of());
		client.put("adminUrl", adminUrl);
		createClient(client);
	}

	JsonNode pushClientNotBefore(String clientId, long notBefore) {
		String id = call("GET", realmPath("/clients?clientId=" + encode(clientId)), null, 200).get(0)
			.path("id")
			.asString();
		call("PUT", realmPath("/clients/" + id), Map.of("clientId", clientId, "notBefore", notBefore), 204);
		return call("POST", realmPath("/clients/" + id + "/push-revocation"), null, 200);
	}

	void createClient(Map<String, Object> client) {
		call("POST", realmPath("/clients"), client, 201);
	}

	void addOptionalClientScopes(String clientId, List<String> scopes) {
		String id = call("GET", realmPath("/clients?clientId=" + encode(clientId)), null, 200).get(0)
			.path("id")
			.asString();
		for (JsonNode scope : call("GET", realmPath("/client-scopes"), null, 200)) {
			if (scopes.contains(scope.path("name").asString())) {
				call("PUT", realmPath("/clients/" + id + "/optional-client-scopes/" + scope.path("id").asString()),
						null, 204);
			}
		}
	}

	static Map<String, Object> confidentialServiceAccount(String clientId, String secret,
			Map<String, String> attributes) {
		Map<String, Object> client = confidentialClient(clientId, secret);
		client.put("directAccessGrantsEnabled", false);
		client.put("serviceAccountsEnabled", true);
		client.put("attributes", attributes);
		return client;
	}

	private JsonNode call(String method, String path, @Nullable Object body, int expectedStatus) {
		HttpResponse<String> response = this.http.admin(method, URI.create(this.baseUrl + path), accessToken(), body);
		return this.http.read(response, expectedStatus);
	}

	/**
	 * Return a fresh admin access token: the master realm's tokens live 60 seconds, so
	 * one is asked for per call rather than kept.
	 * @return the access token
	 */
	private String accessToken() {
		URI token = URI.create(this.baseUrl + "/realms/master/protocol/openid-connect/token");
		HttpResponse<String> response = this.http.postForm(token, Map.of("grant_type", "password", "client_id",
				"admin-cli", "username", this.username, "password", this.password), null, null);
		return this.http.read(response, 200).path("access_token").asString();
	}

	private static String realmPath(String path) {
		return "/admin/realms/" + KeycloakRealm.NAME + path;
	}

	private static Map<String, Object> resourceServer() {
		Map<String, Object> client = confidentialClient(KeycloakRealm.RESOURCE_SERVER,
				KeycloakRealm.RESOURCE_SERVER_SECRET);
		client.put("serviceAccountsEnabled", false);
		client.put("directAccessGrantsEnabled", false);
		return client;
	}

	private static Map<String, Object> webApp() {
		Map<String, Object> client = confidentialClient(KeycloakRealm.WEB_APP, KeycloakRealm.WEB_APP_SECRET);
		client.put("directAccessGrantsEnabled", true);
		client.put("serviceAccountsEnabled", false);
		client.put("protocolMappers", List.of(resourceServerAudience(true)));
		return client;
	}

	private static Map<String, Object> serviceAccount(String clientId, String secret, Map<String, String> attributes) {
		Map<String, Object> client = confidentialServiceAccount(clientId, secret, attributes);
		client.put("protocolMappers", List.of(resourceServerAudience(false)));
		return client;
	}

	private static Map<String, Object> confidentialClient(String clientId, String secret) {
		Map<String, Object> client = new LinkedHashMap<>();
		client.put("clientId", clientId);
		client.put("enabled", true);
		client.put("publicClient", false);
		client.put("clientAuthenticatorType", "client-secret");
		client.put("secret", secret);
		client.put("standardFlowEnabled", false);
		return client;
	}

	/**
	 * The "audience" protocol mapper that adds the resource server to the token's
	 * {@code aud}, as Keycloak 26.6+ requires for introspection by the resource server.
	 * @param idTokenToo whether ID tokens get the audience too
	 * @return the mapper's representation
	 */
	private static Map<String, Object> resourceServerAudience(boolean idTokenToo) {
		return Map.of("name", KeycloakRealm.RESOURCE_SERVER + " audience", "protocol", "openid-connect",
				"protocolMapper", "oidc-audience-mapper", "config",
				Map.of("included.client.audience", KeycloakRealm.RESOURCE_SERVER, "access.token.claim", "true",
						"introspection.token.claim", "true", "id.token.claim", String.valueOf(idTokenToo)));
	}

	private static Map<String, Object> user(String username, String firstName) {
		return Map.of("username", username, "enabled", true, "email", username + "@example.com", "emailVerified", true,
				"firstName", firstName, "lastName", "Example", "credentials",
				List.of(Map.of("type", "password", "value", KeycloakRealm.password(username), "temporary", false)));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
