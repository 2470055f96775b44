/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuedAtValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * How authcache decodes and validates JWTs: the JWKS through Nimbus's cache (five
 * minutes) with connect and read timeouts and at most one refetch per
 * {@value #JWKS_REFETCH_INTERVAL_MILLIS} ms however many unknown key ids arrive (a key id
 * still unknown after a successful fetch is a bad token, not an unavailable issuer); the
 * claims as issued (a token without {@code iat} keeps none, so that
 * {@link JwtAccessTokenResolver} refuses it); and the validators of access tokens and
 * logout tokens.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class JwtValidation {

	/**
	 * The shortest time between two JWKS fetches caused by unknown key ids.
	 */
	public static final long JWKS_REFETCH_INTERVAL_MILLIS = 30_000;

	private static final long JWKS_CACHE_TTL_MILLIS = 300_000;

	private static final int JWKS_SIZE_LIMIT = 512 * 1024;

	private JwtValidation() {
	}

	/**
	 * Return a decoder for the keys of a JWK Set URI.
	 * @param jwkSetUri the JWK Set URI
	 * @param connectTimeout the connect timeout of a JWKS fetch
	 * @param readTimeout the read timeout of a JWKS fetch
	 * @param validator the claim validator
	 * @return the decoder
	 */
	public static NimbusJwtDecoder decoder(URI jwkSetUri, Duration connectTimeout, Duration readTimeout,
			OAuth2TokenValidator<Jwt> validator) {
		DefaultResourceRetriever retriever = new DefaultResourceRetriever((int) connectTimeout.toMillis(),
				(int) readTimeout.toMillis(), JWKS_SIZE_LIMIT);
		JWKSource<SecurityContext> keys;
		try {
			// Threads waiting for a refresh wait no longer than the fetch may take
			keys = new JwkSetKeys(jwkSetUri.toURL(), retriever, JWKS_CACHE_TTL_MILLIS,
					connectTimeout.plus(readTimeout).toMillis(), JWKS_REFETCH_INTERVAL_MILLIS);
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException("Not a URL: " + jwkSetUri, ex);
		}
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
			.jwsAlgorithms((algorithms) -> algorithms.addAll(Arrays.asList(SignatureAlgorithm.values())))
			.build();
		decoder.setJwtValidator(validator);
		decoder.setClaimSetConverter(claimsAsIssued());
		return decoder;
	}

	/**
	 * Return Spring Security's claim conversion, except that a token without {@code iat}
	 * keeps none: Spring makes one up ({@code exp} minus a second), which would place a
	 * token after every revocation made before it expires, and such a token is refused
	 * instead.
	 * @return the claim set converter
	 */
	private static Converter<Map<String, Object>, Map<String, Object>> claimsAsIssued() {
		MappedJwtClaimSetConverter defaults = MappedJwtClaimSetConverter.withDefaults(Map.of());
		return (claims) -> {
			Map<String, Object> converted = new HashMap<>(defaults.convert(claims));
			if (!claims.containsKey(JwtClaimNames.IAT)) {
				converted.remove(JwtClaimNames.IAT);
			}
			return converted;
		};
	}

	/**
	 * Return the validator of access tokens: times ({@code iat} not in the future),
	 * issuer (if set), audiences (if set, all of them) and
	 * {@link AccessTokenTypeValidator}.
	 * @param issuer the issuer the token must carry, if set
	 * @param audiences the audiences the token must all carry
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> accessTokenValidator(@Nullable String issuer, List<String> audiences) {
		List<OAuth2TokenValidator<Jwt>> validators = claimValidators(issuer, audiences, true);
		// An iat beyond now (plus the clock skew) would place the token after every
		// revocation made until then
		validators.add(new JwtIssuedAtValidator());
		validators.add(new AccessTokenTypeValidator());
		return JwtValidators.createDefaultWithValidators(validators);
	}

	/**
	 * Return the validator of back-channel logout tokens: header {@code typ}
	 * {@code logout+jwt} or {@code JWT}, times, issuer, one of the audiences, and the
	 * logout token's own claims.
	 * @param issuer the issuer the token must carry
	 * @param audiences the audiences, one of which the token must carry
	 * @param logoutClaims the validator of the logout token's own claims ({@code events},
	 * {@code sid} or {@code sub}, no {@code nonce})
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> logoutTokenValidator(String issuer, List<String> audiences,
			OAuth2TokenValidator<Jwt> logoutClaims) {
		List<OAuth2TokenValidator<Jwt>> validators = claimValidators(issuer, audiences, false);
		validators.add(logoutClaims);
		return JwtValidators.createDefaultWithValidators(validators);
	}

	private static List<OAuth2TokenValidator<Jwt>> claimValidators(@Nullable String issuer, List<String> audiences,
			boolean requireAll) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		JwtTypeValidator type = requireAll ? new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt")
				: new JwtTypeValidator("JWT", "logout+jwt");
		type.setAllowEmpty(true);
		validators.add(type);
		if (issuer != null) {
			validators.add(new JwtIssuerValidator(issuer));
		}
		if (!audiences.isEmpty()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, (aud) -> aud != null
					&& (requireAll ? aud.containsAll(audiences) : aud.stream().anyMatch(audiences::contains))));
		}
		return validators;
	}

}
