/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * A JWT issuer for tests: an RSA key made at test time, a JWK Set served on a loopback
 * port, and signed tokens.
 *
 * @author authcache authors
 */
public final class JwtIssuer implements AutoCloseable {

	private final RSAKey key;

	private final NimbusJwtEncoder encoder;

	private final HttpServer server;

	public JwtIssuer() {
		try {
			this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
			this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(this.key)));
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (JOSEException | IOException ex) {
			throw new IllegalStateException(ex);
		}
		byte[] jwks = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		this.server.createContext("/.well-known/jwks.json", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(jwks);
			}
		});
		this.server.start();
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public String jwkSetUri() {
		return issuer() + "/.well-known/jwks.json";
	}

	/**
	 * Return a decoder that accepts this issuer's tokens, as local JWT mode builds it.
	 * @return the decoder
	 */
	public NimbusJwtDecoder decoder() {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri()).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer()));
		return decoder;
	}

	/**
	 * Sign a token with the issuer's key.
	 * @param claims adds or changes claims of a token with {@code iss}, {@code iat} and a
	 * five minute {@code exp}
	 * @return the token
	 */
	public String sign(Consumer<Map<String, Object>> claims) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder builder = JwtClaimsSet.builder()
			.issuer(issuer())
			.issuedAt(now)
			.expiresAt(now.plusSeconds(300));
		builder.claims(claims);
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.key.getKeyID()).build();
		return this.encoder.encode(JwtEncoderParameters.from(header, builder.build())).getTokenValue();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
