/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.OneTimeTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.DPoPProofContext;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.jwt.DPoPProofReplayValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuedAtValidator;
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
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class DPoPProofVerifier {

	private final OneTimeTokens proofIds;

	private Duration clockSkew = Duration.ofSeconds(30);

	private Clock clock = Clock.systemUTC();

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
	 * Check a proof.
	 * @param proof the proof (the {@code DPoP} header)
	 * @param method the request's method
	 * @param targetUri the request's URI without query and fragment
	 * @param accessToken the access token the request carries
	 * @param claims the access token's claims, {@code cnf} among them
	 * @throws OAuth2AuthenticationException with {@code invalid_dpop_proof} when the
	 * proof does not hold or was used before
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
		DPoPProofJwtDecoderFactory decoders = new DPoPProofJwtDecoderFactory();
		decoders.setJwtValidatorFactory(
				DPoPProofJwtDecoderFactory.createDefaultJwtValidatorFactory(List.of(issuedAt, replay)));
		return decoders;
	}

}
