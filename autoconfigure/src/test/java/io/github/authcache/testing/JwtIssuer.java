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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

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
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * A JWT issuer for tests: an RSA key made at test time, a JWK Set served on a loopback
 * port (its fetches counted, and able to stall), and signed tokens.
 *
 * @author authcache authors
 */
public final class JwtIssuer implements AutoCloseable {

	private final RSAKey key;

	private final HttpServer server;

	private final AtomicInteger jwksFetches = new AtomicInteger();

	private volatile CountDownLatch stall = new CountDownLatch(0);

	public JwtIssuer() {
		try {
			this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (JOSEException | IOException ex) {
			throw new IllegalStateException(ex);
		}
		byte[] jwks = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		this.server.createContext("/.well-known/jwks.json", (exchange) -> {
			this.jwksFetches.incrementAndGet();
			try {
				this.stall.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(jwks);
			}
		});
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.start();
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public String jwkSetUri() {
		return issuer() + "/.well-known/jwks.json";
	}

	/**
	 * Return the id of the issuer's key.
	 * @return the key id
	 */
	public String keyId() {
		return this.key.getKeyID();
	}

	/**
	 * Return how many times the JWK Set was fetched.
	 * @return the number of fetches
	 */
	public int jwksFetches() {
		return this.jwksFetches.get();
	}

	/**
	 * Make JWK Set fetches hang (up to 30 s) until {@link #resume()}.
	 */
	public void stall() {
		this.stall = new CountDownLatch(1);
	}

	/**
	 * Answer JWK Set fetches again.
	 */
	public void resume() {
		this.stall.countDown();
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
	 * five minute {@code exp} (instants become numeric dates)
	 * @return the token
	 */
	public String sign(Consumer<Map<String, Object>> claims) {
		return sign("JWT", this.key.getKeyID(), claims);
	}

	/**
	 * Sign a token with the issuer's key and the given header.
	 * @param type the header {@code typ}, or {@code null} for none
	 * @param keyId the header {@code kid}
	 * @param claims adds or changes claims of a token with {@code iss}, {@code iat} and a
	 * five minute {@code exp}
	 * @return the token
	 */
	public String sign(@Nullable String type, String keyId, Consumer<Map<String, Object>> claims) {
		Instant now = Instant.now();
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("iss", issuer());
		all.put("iat", now);
		all.put("exp", now.plusSeconds(300));
		claims.accept(all);
		all.replaceAll((name, value) -> (value instanceof Instant instant) ? instant.getEpochSecond() : value);
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId);
		if (type != null) {
			header.type(new JOSEObjectType(type));
		}
		try {
			JWSObject jws = new JWSObject(header.build(), new Payload(all));
			jws.sign(new RSASSASigner(this.key));
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		resume();
		this.server.stop(0);
	}

}
