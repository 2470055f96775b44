/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.OneTimeTokens;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.Assert;

/**
 * Verifies Security Event Tokens (RFC 8417) as SSF 1.0 and RFC 8935 say: the decoder
 * checks the signature against the transmitter's JWKS, then {@link #validator} the header
 * {@code typ} {@code secevent+jwt}, the issuer, the audience, an {@code iat} within the
 * maximum age (and at most {@link #CLOCK_SKEW} ahead), a {@code jti} and an
 * {@code events} object; {@link #firstUse(Jwt)} records the {@code jti} on every instance
 * ({@link OneTimeTokens}) for as long as the token can be accepted. A refused token
 * raises an {@link InvalidSecurityEventTokenException} with the RFC 8935 error code.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class SecurityEventTokenVerifier {

	/**
	 * The header {@code typ} of a Security Event Token.
	 */
	public static final String TYPE = "secevent+jwt";

	/**
	 * How far in the future a token's {@code iat} may be: the clock skew tolerated
	 * between the transmitter and this instance.
	 */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private static final String INVALID_REQUEST = "invalid_request";

	private static final Log logger = LogFactory.getLog(SecurityEventTokenVerifier.class);

	private final JwtDecoder decoder;

	private final OneTimeTokens oneTimeTokens;

	private final Duration maxAge;

	/**
	 * Create a verifier.
	 * @param decoder the decoder of the transmitter's tokens, with {@link #validator}
	 * @param oneTimeTokens where used {@code jti}s are recorded
	 * @param maxAge how old a token may be ({@code iat}), the same as given to
	 * {@link #validator}
	 */
	public SecurityEventTokenVerifier(JwtDecoder decoder, OneTimeTokens oneTimeTokens, Duration maxAge) {
		Assert.notNull(decoder, "'decoder' must not be null");
		Assert.notNull(oneTimeTokens, "'oneTimeTokens' must not be null");
		Assert.isTrue(!maxAge.isNegative() && !maxAge.isZero(), "'maxAge' must be positive");
		this.decoder = decoder;
		this.oneTimeTokens = oneTimeTokens;
		this.maxAge = maxAge;
	}

	/**
	 * Verify a token's signature and claims.
	 * @param token the compact serialized token
	 * @return the verified token
	 * @throws InvalidSecurityEventTokenException when the token is refused
	 * @throws org.springframework.security.oauth2.jwt.JwtException when the keys could
	 * not be fetched (the transmitter may retry)
	 */
	public Jwt verify(String token) {
		try {
			if (!(JWTParser.parse(token) instanceof SignedJWT)) {
				throw new InvalidSecurityEventTokenException(INVALID_REQUEST, "The token is not signed");
			}
		}
		catch (ParseException ex) {
			throw new InvalidSecurityEventTokenException(INVALID_REQUEST, "The token is not a JWT");
		}
		try {
			return this.decoder.decode(token);
		}
		catch (JwtValidationException ex) {
			OAuth2Error error = ex.getErrors().iterator().next();
			throw new InvalidSecurityEventTokenException(error.getErrorCode(), error.getDescription());
		}
		catch (BadJwtException ex) {
			// Nimbus refused the signature, the algorithm or the key id; else the claims
			String errorCode = (ex.getCause() instanceof BadJOSEException) ? "invalid_key" : INVALID_REQUEST;
			throw new InvalidSecurityEventTokenException(errorCode, ex.getMessage());
		}
	}

	/**
	 * Record the use of a verified token's {@code jti} on every instance, until the token
	 * can no longer be accepted. When Redis cannot tell, the token counts as first used:
	 * a lost revocation is worse than one applied twice.
	 * @param jwt the verified token
	 * @return whether this is the token's first use
	 */
	public boolean firstUse(Jwt jwt) {
		Instant issuedAt = jwt.getIssuedAt();
		Assert.state(issuedAt != null && jwt.getId() != null, "The token validator was not applied");
		try {
			return this.oneTimeTokens.firstUse(String.valueOf(jwt.getClaims().get(JwtClaimNames.ISS)), jwt.getId(),
					issuedAt.plus(this.maxAge).plus(CLOCK_SKEW), Instant.now());
		}
		catch (CacheStoreException ex) {
			logger.warn("Could not check whether a Security Event Token was used before (" + ex.getMessage()
					+ "); processing it, because a lost revocation is worse than a replayed one");
			return true;
		}
	}

	/**
	 * Return the validator of a transmitter's tokens, each failure with its RFC 8935
	 * error code: header {@code typ} {@code secevent+jwt} ({@code invalid_request}),
	 * {@code iss} ({@code invalid_issuer}), {@code aud} containing the audience
	 * ({@code invalid_audience}), {@code exp} and {@code nbf} if present, an {@code iat}
	 * within {@code maxAge} and at most {@link #CLOCK_SKEW} ahead, a {@code jti} and an
	 * {@code events} object ({@code invalid_request}).
	 * @param issuer the transmitter's issuer
	 * @param audience the audience the receiver is registered as
	 * @param maxAge how old a token may be
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, Duration maxAge) {
		JwtTypeValidator type = new JwtTypeValidator(TYPE, "application/" + TYPE);
		type.setAllowEmpty(false);
		return new DelegatingOAuth2TokenValidator<>(coded(INVALID_REQUEST, type),
				coded("invalid_issuer", new JwtIssuerValidator(issuer)),
				coded("invalid_audience",
						new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
								(aud) -> aud != null && aud.contains(audience))),
				coded(INVALID_REQUEST, new JwtTimestampValidator(CLOCK_SKEW)), claims(maxAge));
	}

	private static OAuth2TokenValidator<Jwt> claims(Duration maxAge) {
		return (jwt) -> {
			Instant issuedAt = jwt.getIssuedAt();
			Instant now = Instant.now();
			if (issuedAt == null) {
				return failure("The token lacks iat");
			}
			if (issuedAt.isBefore(now.minus(maxAge)) || issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
				return failure("The token's iat is not recent");
			}
			if (jwt.getId() == null || jwt.getId().isEmpty()) {
				return failure("The token lacks jti");
			}
			if (!(jwt.getClaims().get("events") instanceof Map<?, ?> events) || events.isEmpty()) {
				return failure("The token lacks events");
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	private static OAuth2TokenValidator<Jwt> coded(String errorCode, OAuth2TokenValidator<Jwt> validator) {
		return (jwt) -> {
			OAuth2TokenValidatorResult result = validator.validate(jwt);
			if (!result.hasErrors()) {
				return result;
			}
			String description = result.getErrors().iterator().next().getDescription();
			return OAuth2TokenValidatorResult.failure(new OAuth2Error(errorCode, description, null));
		};
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(INVALID_REQUEST, description, null));
	}

}
