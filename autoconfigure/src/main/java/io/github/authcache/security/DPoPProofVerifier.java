/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.OneTimeTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.DPoPProofContext;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.jwt.DPoPProofReplayValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuedAtValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.Assert;

/**
 * Checks DPoP proofs (RFC 9449) with Spring Security's
 * {@link DPoPProofJwtDecoderFactory}: a proof is a JWT of type {@code dpop+jwt}, signed
 * with the asymmetric key of its {@code jwk} header, made for this request's method
 * ({@code htm}) and URI without query and fragment ({@code htu}), issued within the clock
 * skew of now ({@code iat}), for this access token ({@code ath}, the base64url SHA-256 of
 * the token) and with the key the token is bound to (the thumbprint in the token's
 * {@code cnf.jkt}).
 * <p>
 * A proof is used once on all instances: its {@code jti} is recorded with {@code SET NX}
 * in the revocation store ({@link OneTimeTokens}) for as long as any instance could
 * accept the proof, so a second use finds it. When the store cannot record it, the proof
 * is refused with {@link DPoPReplayCheckUnavailableException} (503): a replay cache that
 * lets proofs through when it fails or fills up is a replay cache an attacker can turn
 * off (CVE-2026-41707). Nothing about a proof is cached.
 * <p>
 * With {@link #setNonces(DPoPNonces) nonces}, a proof must also carry a server-provided
 * {@code nonce} (RFC 9449 section 8) that is still accepted; one without is refused with
 * {@link DPoPNonceRequiredException} (401 {@code use_dpop_nonce}, a fresh nonce in the
 * {@code DPoP-Nonce} header) before its id is recorded.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class DPoPProofVerifier {

	private static final String NONCE = "nonce";

	private static final OAuth2Error NONCE_REQUIRED = new OAuth2Error(DPoPNonceRequiredException.USE_DPOP_NONCE,
			"The DPoP proof has no accepted nonce", null);

	private final OneTimeTokens proofIds;

	private Duration clockSkew = Duration.ofSeconds(30);

	private Clock clock = Clock.systemUTC();

	private @Nullable DPoPNonces nonces;

	private DPoPProofJwtDecoderFactory decoders;

	/**
	 * Create a verifier.
	 * @param proofIds the registry the proofs' ids are recorded in
	 */
	public DPoPProofVerifier(OneTimeTokens proofIds) {
		Assert.notNull(proofIds, "'proofIds' must not be null");
		this.proofIds = proofIds;
		this.decoders = decoders();
	}

	/**
	 * Set how far a proof's {@code iat} may be from now, either way. Defaults to 30
	 * seconds, as Spring Security does.
	 * @param clockSkew the clock skew
	 */
	public void setClockSkew(Duration clockSkew) {
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative() && !clockSkew.isZero(),
				"'clockSkew' must be positive");
		this.clockSkew = clockSkew;
		this.decoders = decoders();
	}

	/**
	 * Set the clock. Defaults to the system clock in UTC.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
		this.decoders = decoders();
	}

	/**
	 * Set the nonces a proof must carry one of. Defaults to none: no nonce is required.
	 * @param nonces the nonces, or {@code null} to require none
	 */
	public void setNonces(@Nullable DPoPNonces nonces) {
		this.nonces = nonces;
		this.decoders = decoders();
	}

	/**
	 * Return the nonce a client should put into its next proof.
	 * @return the nonce, or {@code null} when none is required
	 */
	public @Nullable String nextNonce() {
		return (this.nonces != null) ? this.nonces.current() : null;
	}

	/**
	 * Check a proof.
	 * @param proof the proof (the {@code DPoP} header)
	 * @param method the request's method
	 * @param targetUri the request's URI without query and fragment
	 * @param accessToken the access token the request carries
	 * @param claims the access token's claims, {@code cnf} among them
	 * @throws OAuth2AuthenticationException with {@code invalid_dpop_proof} when the
	 * proof does not hold or was used before
	 * @throws DPoPNonceRequiredException when the proof lacks an accepted nonce
	 * @throws DPoPReplayCheckUnavailableException when the proof's id could not be
	 * recorded
	 */
	public void verify(String proof, String method, String targetUri, String accessToken, Map<String, Object> claims) {
		try {
			DPoPProofContext context = DPoPProofContext.withDPoPProof(proof)
				.method(method)
				.targetUri(targetUri)
				.accessToken(new DPoPBoundToken(accessToken, claims))
				.build();
			this.decoders.createDecoder(context).decode(proof);
		}
		catch (JwtValidationException ex) {
			if (this.nonces != null && ex.getErrors()
				.stream()
				.anyMatch((error) -> DPoPNonceRequiredException.USE_DPOP_NONCE.equals(error.getErrorCode()))) {
				throw new DPoPNonceRequiredException(this.nonces.current());
			}
			throw invalidProof(ex.getMessage());
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw invalidProof(ex.getMessage());
		}
		catch (CacheStoreException ex) {
			throw new DPoPReplayCheckUnavailableException("Could not record the DPoP proof's id", ex);
		}
	}

	/**
	 * Return the exception of a proof that does not hold.
	 * @param description why, for the client
	 * @return the exception
	 */
	static OAuth2AuthenticationException invalidProof(@Nullable String description) {
		// The description goes into a quoted string of WWW-Authenticate
		String quotable = String.valueOf(description).replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "'");
		OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, quotable, null);
		return new OAuth2AuthenticationException(error, quotable);
	}

	private DPoPProofJwtDecoderFactory decoders() {
		JwtIssuedAtValidator issuedAt = new JwtIssuedAtValidator(true);
		issuedAt.setClockSkew(this.clockSkew);
		issuedAt.setClock(this.clock);
		DPoPProofReplayValidator replay = new DPoPProofReplayValidator(
				new RecordedProofIds(this.proofIds, this.clock, this.clockSkew));
		replay.setClockSkew(this.clockSkew);
		replay.setClock(this.clock);
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		DPoPNonces nonces = this.nonces;
		if (nonces != null) {
			// Spring Security runs these first and stops at the first failure: a proof
			// without a nonce is refused before its id is recorded
			validators.add((proof) -> nonces.accepts(proof.getClaimAsString(NONCE))
					? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(NONCE_REQUIRED));
		}
		validators.add(issuedAt);
		validators.add(replay);
		DPoPProofJwtDecoderFactory decoders = new DPoPProofJwtDecoderFactory();
		decoders.setJwtValidatorFactory(DPoPProofJwtDecoderFactory.createDefaultJwtValidatorFactory(validators));
		return decoders;
	}

}
