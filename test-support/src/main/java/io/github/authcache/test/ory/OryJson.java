/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders Kratos sessions and Hydra introspection results with Ory's field set and order.
 *
 * @author authcache authors
 */
final class OryJson {

	static final JsonMapper mapper = JsonMapper.builder().build();

	private static final String SCHEMA_ID = "default";

	private OryJson() {
	}

	static String session(KratosSessionSpec session, String publicUrl) {
		ObjectNode root = mapper.createObjectNode();
		root.put("id", session.sessionId());
		root.put("active", true);
		root.put("expires_at", session.expiresAt().toString());
		root.put("authenticated_at", session.authenticatedAt().toString());
		root.put("authenticator_assurance_level", session.aal());
		ArrayNode methods = root.putArray("authentication_methods");
		methods.addObject()
			.put("method", "password")
			.put("aal", "aal1")
			.put("completed_at", session.authenticatedAt().toString());
		if ("aal2".equals(session.aal()) || "aal3".equals(session.aal())) {
			methods.addObject()
				.put("method", "totp")
				.put("aal", "aal2")
				.put("completed_at", session.authenticatedAt().toString());
		}
		root.put("issued_at", session.authenticatedAt().toString());
		root.set("identity", identity(session, publicUrl));
		ArrayNode devices = root.putArray("devices");
		devices.addObject()
			.put("id", derivedId("device", session.sessionId()))
			.put("ip_address", "127.0.0.1")
			.put("user_agent", "Mozilla/5.0 (X11; Linux x86_64) authcache-test")
			.putNull("location");
		return mapper.writeValueAsString(root);
	}

	private static ObjectNode identity(KratosSessionSpec session, String publicUrl) {
		Instant created = session.authenticatedAt().minusSeconds(5);
		ObjectNode identity = mapper.createObjectNode();
		identity.put("id", session.identityId());
		identity.put("schema_id", SCHEMA_ID);
		identity.put("schema_url", publicUrl + "/schemas/"
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(SCHEMA_ID.getBytes(StandardCharsets.UTF_8)));
		identity.put("state", session.identityState());
		identity.put("state_changed_at", created.toString());
		identity.set("traits", mapper.valueToTree(session.traits()));
		Object email = session.traits().get("email");
		if (email instanceof String address) {
			identity.putArray("verifiable_addresses")
				.addObject()
				.put("id", derivedId("verifiable", session.identityId()))
				.put("value", address)
				.put("verified", true)
				.put("via", "email")
				.put("status", "completed")
				.put("verified_at", created.toString())
				.put("created_at", created.toString())
				.put("updated_at", created.toString());
			identity.putArray("recovery_addresses")
				.addObject()
				.put("id", derivedId("recovery", session.identityId()))
				.put("value", address)
				.put("via", "email")
				.put("created_at", created.toString())
				.put("updated_at", created.toString());
		}
		identity.putNull("metadata_public");
		identity.put("created_at", created.toString());
		identity.put("updated_at", created.toString());
		identity.putNull("organization_id");
		return identity;
	}

	static String introspection(OAuth2TokenSpec token, String defaultIssuer) {
		ObjectNode root = mapper.createObjectNode();
		root.put("active", true);
		if (!token.scopes().isEmpty()) {
			root.put("scope", String.join(" ", token.scopes()));
		}
		root.put("client_id", token.clientId());
		root.put("sub", token.subject());
		root.put("exp", token.expiresAt().getEpochSecond());
		root.put("iat", token.issuedAt().getEpochSecond());
		root.put("nbf", token.issuedAt().getEpochSecond());
		if (token.username() != null && !token.username().isEmpty()) {
			root.put("username", token.username());
		}
		ArrayNode audience = root.putArray("aud");
		token.audience().forEach(audience::add);
		root.put("iss", (token.issuer() != null) ? token.issuer() : defaultIssuer);
		root.put("token_type", "Bearer");
		root.put("token_use", token.tokenUse());
		if (token.jti() != null) {
			root.put("jti", token.jti());
		}
		if (!token.ext().isEmpty()) {
			root.set("ext", mapper.valueToTree(token.ext()));
		}
		return mapper.writeValueAsString(root);
	}

	static JsonNode parse(String json) {
		return mapper.readTree(json);
	}

	static String write(Map<String, ?> value) {
		return mapper.writeValueAsString(value);
	}

	private static String derivedId(String kind, String id) {
		return UUID.nameUUIDFromBytes((kind + ":" + id).getBytes(StandardCharsets.UTF_8)).toString();
	}

}
