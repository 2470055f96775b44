/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.Assert;

/**
 * Receives Keycloak's not-before push: the signed {@code PushNotBeforeAction} Keycloak
 * POSTs to {@code {client admin URL}/k_push_not_before} when a realm's or a client's
 * revocation policy is pushed. Verified as Keycloak's own adapters did (the decoder
 * checks the signature against the realm's JWKS; {@link #actionValidator(String)} the
 * action {@code PUSH_NOT_BEFORE}, an {@code expiration} not past, the {@code resource}
 * this application's client id, an {@code id}), an action used before is refused
 * ({@link OneTimeTokens}), and its {@code notBefore} becomes the realm's watermark
 * ({@link AuthCacheInvalidator#revokeNotBefore}): every token of the realm issued before
 * it is refused on every instance, as Keycloak's adapters refused them. A
 * {@code notBefore} of zero (the policy cleared) changes nothing: a watermark is never
 * lowered.
 * <p>
 * When Redis cannot tell whether an action was used before, it is applied anyway: a
 * replayed action only raises the watermark to where it already is.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see "docs/revocation.md"
 */
public final class KeycloakNotBeforeHandler {

	/**
	 * The {@code action} of a not-before push.
	 */
	public static final String ACTION = "PUSH_NOT_BEFORE";

	/**
	 * The clock skew tolerated between Keycloak and this instance: past the action's
	 * {@code expiration}, and ahead of now for its {@code notBefore}.
	 */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private static final Log logger = LogFactory.getLog(KeycloakNotBeforeHandler.class);

	private final JwtDecoder decoder;

	private final AuthCacheInvalidator invalidator;

	private final OneTimeTokens oneTimeTokens;

	private final String issuer;

	private String path = "/k_push_not_before";

	/**
	 * Create a handler.
	 * @param decoder the decoder of actions, with the realm's keys and
	 * {@link #actionValidator(String)}
	 * @param invalidator the invalidator
	 * @param oneTimeTokens where used actions are recorded
	 * @param issuer the realm's issuer ({@code iss} of its tokens), whose watermark the
	 * actions raise
	 */
	public KeycloakNotBeforeHandler(JwtDecoder decoder, AuthCacheInvalidator invalidator, OneTimeTokens oneTimeTokens,
			String issuer) {
		Assert.notNull(decoder, "'decoder' must not be null");
		Assert.notNull(invalidator, "'invalidator' must not be null");
		Assert.notNull(oneTimeTokens, "'oneTimeTokens' must not be null");
		Assert.hasText(issuer, "'issuer' must not be empty");
		this.decoder = decoder;
		this.invalidator = invalidator;
		this.oneTimeTokens = oneTimeTokens;
		this.issuer = issuer;
	}

	/**
	 * Set the path the endpoint is served at: the client's admin URL path followed by
	 * {@code /k_push_not_before}. Defaults to {@code /k_push_not_before}.
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
	 * Verify a pushed action and raise the realm's watermark to its {@code notBefore}, or
	 * to now when that is ahead of this instance's clock (by at most
	 * {@link #CLOCK_SKEW}).
	 * @param token the request body: the signed action
	 * @throws org.springframework.security.oauth2.jwt.JwtValidationException when the
	 * action is signed by the realm but not valid here, or was used before
	 * @throws org.springframework.security.oauth2.jwt.BadJwtException when it is not
	 * signed by the realm
	 * @throws org.springframework.security.oauth2.jwt.JwtException when the realm's keys
	 * could not be fetched
	 * @throws io.github.authcache.invalidation.RevocationFailedException when the
	 * watermark could not be recorded
	 */
	public void push(String token) {
		Jwt action = this.decoder.decode(token);
		if (!isFirstUse(action)) {
			throw new JwtValidationException("The action was used before (its id is known)",
					List.of(error("The action was used before")));
		}
		long notBefore = ((Number) action.getClaims().get("notBefore")).longValue();
		if (notBefore > 0) {
			// Never ahead of this clock: other instances ignore a mark dated in the
			// future
			Instant now = Instant.now();
			Instant watermark = Instant.ofEpochSecond(notBefore);
			this.invalidator.revokeNotBefore(this.issuer, watermark.isAfter(now) ? now : watermark);
		}
	}

	private boolean isFirstUse(Jwt action) {
		Instant until = Instant.ofEpochSecond(((Number) action.getClaims().get("expiration")).longValue())
			.plus(CLOCK_SKEW);
		try {
			return this.oneTimeTokens.firstUse(this.issuer, action.getClaimAsString("id"), until, Instant.now());
		}
		catch (CacheStoreException ex) {
			logger.warn("Could not check whether a not-before push was used before (" + ex.getMessage()
					+ "); applying it, because a replay only raises the watermark to where it is");
			return true;
		}
	}

	/**
	 * Return the rules of a pushed action besides its signature, as Keycloak's adapters
	 * checked them: the action {@value #ACTION}, an {@code expiration} (seconds) not more
	 * than {@link #CLOCK_SKEW} past, the {@code resource} the given client id, an
	 * {@code id}, and a {@code notBefore} (seconds) at most {@link #CLOCK_SKEW} ahead.
	 * @param clientId this application's client id at Keycloak
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> actionValidator(String clientId) {
		Assert.hasText(clientId, "'clientId' must not be empty");
		return (action) -> {
			Instant now = Instant.now();
			if (!ACTION.equals(action.getClaimAsString("action"))) {
				return failure("The token is not a " + ACTION + " action");
			}
			if (!(action.getClaims().get("expiration") instanceof Number expiration)
					|| Instant.ofEpochSecond(expiration.longValue()).plus(CLOCK_SKEW).isBefore(now)) {
				return failure("The action has expired");
			}
			if (!clientId.equals(action.getClaimAsString("resource"))) {
				return failure("The action is meant for another client (its resource)");
			}
			String id = action.getClaimAsString("id");
			if (id == null || id.isEmpty()) {
				return failure("The action lacks an id");
			}
			if (!(action.getClaims().get("notBefore") instanceof Number notBefore)
					|| Instant.ofEpochSecond(notBefore.longValue()).isAfter(now.plus(CLOCK_SKEW))) {
				return failure("The action's notBefore is missing or in the future");
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(List.of(error(description)));
	}

	private static OAuth2Error error(String description) {
		return new OAuth2Error("invalid_request", description, null);
	}

}
