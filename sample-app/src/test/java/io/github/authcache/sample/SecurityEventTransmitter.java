/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

/**
 * A Shared Signals transmitter for tests: an RSA key made at test time, its JWK Set
 * served on a loopback port, and CAEP {@code session-revoked} Security Event Tokens (RFC
 * 8417, SSF 1.0 {@code sub_id}) signed with it, or forged with another key under its key
 * id.
 *
 * @author authcache authors
 */
final class SecurityEventTransmitter implements AutoCloseable {

	private static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

	private final String audience;

	private final RSAKey key;

	private final HttpServer server;

	SecurityEventTransmitter(String audience) {
		this.audience = audience;
		this.key = generateKey();
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		byte[] jwks = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		this.server.createContext("/jwks", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(jwks);
			}
		});
		this.server.start();
	}

	String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	String jwkSetUri() {
		return issuer() + "/jwks";
	}

	/**
	 * Return a {@code session-revoked} event for every session of a user, signed with
	 * this transmitter's key.
	 * @param userId the user id, the {@code sub} of an {@code iss_sub} subject
	 * @return the token
	 */
	String sessionRevoked(String userId) {
		return sign(sessionRevokedClaims(userId), this.key);
	}

	/**
	 * Return the same event as {@link #sessionRevoked(String)}, with this transmitter's
	 * key id but signed with another key: what a forger can send.
	 * @param userId the user id
	 * @return the token
	 */
	String sessionRevokedSignedByAnotherKey(String userId) {
		return sign(sessionRevokedClaims(userId), generateKey());
	}

	private Map<String, Object> sessionRevokedClaims(String userId) {
		long now = Instant.now().getEpochSecond();
		Map<String, Object> subject = Map.of("format", "iss_sub", "iss", issuer(), "sub", userId);
		return Map.of("iss", issuer(), "aud", this.audience, "iat", now, "jti", UUID.randomUUID().toString(), "sub_id",
				subject, "events", Map.of(SESSION_REVOKED, Map.of("event_timestamp", now)));
	}

	private String sign(Map<String, Object> claims, RSAKey signingKey) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID())
			.type(new JOSEObjectType("secevent+jwt"))
			.build();
		try {
			JWSObject jws = new JWSObject(header, new Payload(claims));
			jws.sign(new RSASSASigner(signingKey));
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
