/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.util.ClassUtils;

/**
 * A DPoP client (RFC 9449): an EC P-256 key and the proofs it signs, each claim and
 * header open to change so that a test can break one check at a time.
 *
 * @author authcache authors
 */
public final class DPoPProofs {

	/**
	 * Return whether Spring Security checks DPoP proofs here (7.1 and later; Spring Boot
	 * 4.0 has 7.0, where authcache refuses DPoP-bound tokens instead). For
	 * {@code @EnabledIf}.
	 * @return whether DPoP proofs can be checked
	 */
	public static boolean areChecked() {
		return ClassUtils.isPresent("org.springframework.security.oauth2.jwt.DPoPProofReplayValidator", null);
	}

	private final ECKey key;

	/**
	 * Create a client with a new key.
	 */
	public DPoPProofs() {
		try {
			this.key = new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the key's JWK SHA-256 thumbprint, the {@code cnf.jkt} of tokens bound to it.
	 * @return the thumbprint
	 */
	public String thumbprint() {
		try {
			return this.key.computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return a valid proof.
	 * @param method the request's method
	 * @param uri the request's URI without query
	 * @param accessToken the access token
	 * @return the proof
	 */
	public String proof(String method, String uri, String accessToken) {
		return proof(method, uri, accessToken, (header) -> {
		}, (claims) -> {
		});
	}

	/**
	 * Return a proof of a token request (no access token yet, so no {@code ath}).
	 * @param tokenUri the token endpoint
	 * @return the proof
	 */
	public String tokenRequestProof(String tokenUri) {
		return proof("POST", tokenUri, "", (header) -> {
		}, (claims) -> claims.claim("ath", null));
	}

	/**
	 * Return a proof, changed.
	 * @param method the request's method
	 * @param uri the request's URI without query
	 * @param accessToken the access token
	 * @param header changes to the header
	 * @param claims changes to the claims
	 * @return the proof
	 */
	public String proof(String method, String uri, String accessToken, Consumer<JWSHeader.Builder> header,
			Consumer<JWTClaimsSet.Builder> claims) {
		JWSHeader.Builder headerBuilder = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(this.key.toPublicJWK());
		header.accept(headerBuilder);
		JWTClaimsSet.Builder claimsBuilder = new JWTClaimsSet.Builder().claim("htm", method)
			.claim("htu", uri)
			.claim("ath", hash(accessToken))
			.issueTime(Date.from(Instant.now()))
			.jwtID(UUID.randomUUID().toString());
		claims.accept(claimsBuilder);
		SignedJWT jwt = new SignedJWT(headerBuilder.build(), claimsBuilder.build());
		try {
			jwt.sign(new ECDSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * Return the {@code ath} of an access token: its base64url SHA-256.
	 * @param accessToken the access token
	 * @return the hash
	 */
	public static String hash(String accessToken) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(accessToken.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
