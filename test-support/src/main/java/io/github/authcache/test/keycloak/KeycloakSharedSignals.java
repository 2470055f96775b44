/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.keycloak;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A Shared Signals (SSF 1.0) receiver registered at a {@link KeycloakServer} started with
 * the {@code ssf} feature, with one stream delivered by poll (RFC 8936) or push (RFC
 * 8935), set up as docs/revocation.md describes: the realm's transmitter turned on (realm
 * attribute {@code ssf.transmitterEnabled}), the receiver an OIDC client with a service
 * account, the attributes {@code ssf.enabled} and {@code ssf.defaultSubjects=ALL}
 * (Keycloak advertises {@code NONE}: events only for subjects added explicitly) and the
 * optional client scopes {@code ssf.read} and {@code ssf.manage}, and the stream created
 * with the receiver's own client-credentials token. Keycloak names the stream's audience
 * {@code <client id>/<stream id>} and signs its Security Event Tokens with the realm's
 * keys.
 *
 * <pre class="code">
 * KeycloakServer keycloak = KeycloakServer.startWithOptions("--features=ssf");
 * KeycloakSharedSignals receiver = KeycloakSharedSignals.registerPollReceiver(keycloak);
 * </pre>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class KeycloakSharedSignals {

	/**
	 * Client id of the receiver.
	 */
	public static final String RECEIVER = "ssf-receiver";

	/**
	 * Client secret of the receiver.
	 */
	public static final String RECEIVER_SECRET = "ssf-receiver-secret";

	/**
	 * Client id of the receiver whose events are pushed.
	 */
	public static final String PUSH_RECEIVER = "ssf-push-receiver";

	private static final String POLL = "urn:ietf:rfc:8936";

	private static final String PUSH = "urn:ietf:rfc:8935";

	private static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

	private final String issuer;

	private final String jwkSetUri;

	private final String audience;

	private final String endpoint;

	private final String tokenUri;

	private KeycloakSharedSignals(String issuer, String jwkSetUri, String audience, String endpoint, String tokenUri) {
		this.issuer = issuer;
		this.jwkSetUri = jwkSetUri;
		this.audience = audience;
		this.endpoint = endpoint;
		this.tokenUri = tokenUri;
	}

	/**
	 * Register the receiver {@link #RECEIVER} and create its stream, delivered by poll,
	 * of CAEP {@code session-revoked} events for every user of the realm.
	 * @param keycloak a server started with the {@code ssf} feature
	 * @return the receiver
	 */
	public static KeycloakSharedSignals registerPollReceiver(KeycloakServer keycloak) {
		return register(keycloak, RECEIVER, Map.of(), Map.of("method", POLL));
	}

	/**
	 * Register the receiver {@link #PUSH_RECEIVER} and create its stream of CAEP
	 * {@code session-revoked} events for every user of the realm, pushed (RFC 8935) to
	 * the given URL, which the client attribute {@code ssf.validPushUrls} allows.
	 * @param keycloak a server started with the {@code ssf} feature and, for an http or
	 * loopback URL, the transmitter option {@code allow-insecure-push-targets}
	 * @param pushUrl where the events are pushed
	 * @return the receiver
	 */
	public static KeycloakSharedSignals registerPushReceiver(KeycloakServer keycloak, URI pushUrl) {
		return register(keycloak, PUSH_RECEIVER, Map.of("ssf.validPushUrls", pushUrl.toString()),
				Map.of("method", PUSH, "endpoint_url", pushUrl.toString()));
	}

	private static KeycloakSharedSignals register(KeycloakServer keycloak, String clientId,
			Map<String, String> attributes, Map<String, String> delivery) {
		KeycloakAdmin admin = keycloak.admin();
		admin.enableSharedSignalsTransmitter();
		Map<String, String> clientAttributes = new HashMap<>(attributes);
		clientAttributes.put("ssf.enabled", "true");
		clientAttributes.put("ssf.defaultSubjects", "ALL");
		admin.createClient(KeycloakAdmin.confidentialServiceAccount(clientId, RECEIVER_SECRET, clientAttributes));
		admin.addOptionalClientScopes(clientId, List.of("ssf.read", "ssf.manage"));
		KeycloakHttp http = keycloak.http();
		String token = http.read(http.postForm(URI.create(keycloak.tokenUri()),
				Map.of("grant_type", "client_credentials", "scope", "ssf.read ssf.manage"), clientId, RECEIVER_SECRET),
				200)
			.path("access_token")
			.asString();
		JsonNode metadata = http.read(
				http.get(
						URI.create(keycloak.baseUrl() + "/.well-known/ssf-configuration/realms/" + KeycloakRealm.NAME)),
				200);
		JsonNode stream = http.read(http.admin("POST", URI.create(metadata.path("configuration_endpoint").asString()),
				token, Map.of("delivery", delivery, "events_requested", List.of(SESSION_REVOKED))), 201);
		return new KeycloakSharedSignals(metadata.path("issuer").asString(), metadata.path("jwks_uri").asString(),
				stream.path("aud").path(0).asString(), stream.path("delivery").path("endpoint_url").asString(),
				keycloak.tokenUri());
	}

	/**
	 * Return the issuer of the transmitter's Security Event Tokens.
	 * @return the issuer, the realm's
	 */
	public String issuer() {
		return this.issuer;
	}

	/**
	 * Return the JWK Set URI of the transmitter's signing keys.
	 * @return the JWK Set URI, the realm's
	 */
	public String jwkSetUri() {
		return this.jwkSetUri;
	}

	/**
	 * Return the audience of the stream's Security Event Tokens.
	 * @return the audience, {@code <client id>/<stream id>}
	 */
	public String audience() {
		return this.audience;
	}

	/**
	 * Return the stream's delivery endpoint: the transmitter's poll endpoint of a poll
	 * stream, the receiver's URL of a push stream.
	 * @return the endpoint
	 */
	public String endpoint() {
		return this.endpoint;
	}

	/**
	 * Return the token endpoint where the receiver obtains the access tokens its poll
	 * requests authenticate with (client credentials of {@link #RECEIVER} and
	 * {@link #RECEIVER_SECRET}, scope {@code ssf.read}; Keycloak's default lifespan of
	 * five minutes).
	 * @return the token endpoint
	 */
	public String tokenUri() {
		return this.tokenUri;
	}

}
