/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.Assert;

/**
 * Receives OpenID Connect Back-Channel Logout: verifies a {@code logout_token} as OIDC
 * Back-Channel Logout 1.0 section 2.6 says (the decoder checks the signature against the
 * issuer's JWKS, the header {@code typ} {@code logout+jwt} or {@code JWT}, the issuer and
 * the audience; {@link #logoutTokenValidator()} the back-channel logout event, a
 * {@code sid} or {@code sub}, no {@code nonce}, a recent {@code iat} and a {@code jti}),
 * refuses a token used before ({@link OneTimeTokens}), and drops the cached verdicts of
 * that session (Hydra and Keycloak send {@code sid}) or, without one, of that subject.
 * <p>
 * When Redis cannot tell whether a token was used before, the logout is processed anyway:
 * a lost logout is worse than one replayed within the few minutes a token is accepted.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class BackChannelLogoutHandler {

	/**
	 * The member of the {@code events} claim that marks a logout token.
	 */
	public static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/**
	 * How old a logout token may be ({@code iat}).
	 */
	public static final Duration MAX_AGE = Duration.ofMinutes(5);

	/**
	 * How far in the future a logout token's {@code iat} may be: the clock skew tolerated
	 * between the identity provider and this instance (the one the decoder tolerates past
	 * {@code exp} as well).
	 */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private static final Log logger = LogFactory.getLog(BackChannelLogoutHandler.class);

	private final JwtDecoder decoder;

	private final AuthCacheInvalidator invalidator;

	private final OneTimeTokens oneTimeTokens;

	private String path = "/backchannel-logout";

	/**
	 * Create a handler.
	 * @param decoder the decoder of logout tokens, with the type, issuer and audience
	 * validators and {@link #logoutTokenValidator()}
	 * @param invalidator the invalidator
	 * @param oneTimeTokens where used tokens are recorded
	 */
	public BackChannelLogoutHandler(JwtDecoder decoder, AuthCacheInvalidator invalidator, OneTimeTokens oneTimeTokens) {
		Assert.notNull(decoder, "'decoder' must not be null");
		Assert.notNull(invalidator, "'invalidator' must not be null");
		Assert.notNull(oneTimeTokens, "'oneTimeTokens' must not be null");
		this.decoder = decoder;
		this.invalidator = invalidator;
		this.oneTimeTokens = oneTimeTokens;
	}

	/**
	 * Set the path the endpoint is served at (the client's
	 * {@code backchannel_logout_uri}). Defaults to {@code /backchannel-logout}.
	 * @param path the path
	 */
	public void setPath(String path) {
		Assert.hasText(path, "'path' must not be empty");
		this.path = path;
	}

	/**
	 * Return the path the endpoint is served at.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Verify a logout token and drop what it names.
	 * @param logoutToken the {@code logout_token} form value
	 * @throws org.springframework.security.oauth2.jwt.JwtException when the token does
	 * not verify or was used before
	 * @throws io.github.authcache.invalidation.RevocationFailedException when the
	 * revocation could not be recorded
	 */
	public void logout(String logoutToken) {
		Jwt jwt = this.decoder.decode(logoutToken);
		if (!isFirstUse(jwt)) {
			throw new BadJwtException("The logout token was used before (its jti is known)");
		}
		String sessionId = jwt.getClaimAsString("sid");
		if (sessionId != null) {
			this.invalidator.invalidateSession(sessionId);
		}
		else {
			this.invalidator.invalidateUser(jwt.getSubject());
		}
	}

	private boolean isFirstUse(Jwt jwt) {
		Instant now = Instant.now();
		Instant issuedAt = jwt.getIssuedAt();
		Assert.state(issuedAt != null && jwt.getId() != null, "The logout token validator was not applied");
		// Remembered for as long as the token can be accepted at all: until MAX_AGE after
		// its iat, or its exp if sooner, plus the skew the decoder tolerates past exp
		Instant lastAccepted = issuedAt.plus(MAX_AGE);
		if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(lastAccepted)) {
			lastAccepted = jwt.getExpiresAt();
		}
		Instant until = lastAccepted.plus(CLOCK_SKEW);
		try {
			return this.oneTimeTokens.firstUse(String.valueOf(jwt.getClaims().get("iss")), jwt.getId(), until, now);
		}
		catch (CacheStoreException ex) {
			logger.warn("Could not check whether a back-channel logout token was used before (" + ex.getMessage()
					+ "); processing it, because a lost logout is worse than a replayed one");
			return true;
		}
	}

	/**
	 * Return the rules of a logout token that are not signature, type, issuer and
	 * audience (OIDC Back-Channel Logout 1.0 section 2.6, as Spring Security's own OIDC
	 * logout support checks them): the back-channel logout event, a {@code sid} or
	 * {@code sub} (neither empty), no {@code nonce}, an {@code iat} within
	 * {@link #MAX_AGE} (and at most {@link #CLOCK_SKEW} ahead), and a {@code jti}.
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> logoutTokenValidator() {
		return (jwt) -> {
			Object events = jwt.getClaims().get("events");
			if (!(events instanceof Map<?, ?> map) || !map.containsKey(LOGOUT_EVENT)) {
				return failure("The logout token lacks the back-channel logout event");
			}
			String sessionId = jwt.getClaimAsString("sid");
			String subject = jwt.getSubject();
			if (sessionId == null && subject == null) {
				return failure("The logout token names neither a session nor a subject");
			}
			if ((sessionId != null && sessionId.isEmpty()) || (subject != null && subject.isEmpty())) {
				return failure("The logout token's sid or sub is empty");
			}
			if (jwt.hasClaim("nonce")) {
				return failure("A logout token must not carry a nonce");
			}
			Instant issuedAt = jwt.getIssuedAt();
			Instant now = Instant.now();
			if (issuedAt == null) {
				return failure("The logout token lacks iat");
			}
			if (issuedAt.isBefore(now.minus(MAX_AGE)) || issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
				return failure("The logout token's iat is not recent");
			}
			if (jwt.getId() == null) {
				return failure("The logout token lacks jti");
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(List.of(new OAuth2Error("invalid_request", description, null)));
	}

}
