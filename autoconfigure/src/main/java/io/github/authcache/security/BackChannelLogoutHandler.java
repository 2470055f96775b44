/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.util.List;
import java.util.Map;

import io.github.authcache.invalidation.AuthCacheInvalidator;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.Assert;

/**
 * Receives OpenID Connect Back-Channel Logout: verifies a {@code logout_token} (signature
 * against the issuer's JWKS, issuer, audience, and the rules of OIDC Back-Channel Logout
 * 1.0 section 2.6: the back-channel logout event, a {@code sid} or {@code sub}, no
 * {@code nonce}) and drops the cached verdicts of that session (Hydra sends {@code sid})
 * or, without one, of that subject.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class BackChannelLogoutHandler {

	/**
	 * The member of the {@code events} claim that marks a logout token.
	 */
	public static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private final JwtDecoder decoder;

	private final AuthCacheInvalidator invalidator;

	private String path = "/backchannel-logout";

	/**
	 * Create a handler.
	 * @param decoder the decoder of logout tokens, with the issuer and audience
	 * validators; the logout token rules are added by {@link #logoutTokenValidator()}
	 * @param invalidator the invalidator
	 */
	public BackChannelLogoutHandler(JwtDecoder decoder, AuthCacheInvalidator invalidator) {
		Assert.notNull(decoder, "'decoder' must not be null");
		Assert.notNull(invalidator, "'invalidator' must not be null");
		this.decoder = decoder;
		this.invalidator = invalidator;
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
	 * not verify
	 * @throws io.github.authcache.invalidation.RevocationFailedException when the
	 * revocation could not be recorded
	 */
	public void logout(String logoutToken) {
		Jwt jwt = this.decoder.decode(logoutToken);
		String sessionId = jwt.getClaimAsString("sid");
		if (sessionId != null) {
			this.invalidator.invalidateSession(sessionId);
		}
		else {
			this.invalidator.invalidateUser(jwt.getSubject());
		}
	}

	/**
	 * Return the rules of a logout token (OIDC Back-Channel Logout 1.0 section 2.6, the
	 * parts that are not signature, issuer and audience).
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> logoutTokenValidator() {
		return (jwt) -> {
			Object events = jwt.getClaims().get("events");
			if (!(events instanceof Map<?, ?> map) || !map.containsKey(LOGOUT_EVENT)) {
				return failure("The logout token lacks the back-channel logout event");
			}
			if (jwt.getClaimAsString("sid") == null && jwt.getSubject() == null) {
				return failure("The logout token names neither a session nor a subject");
			}
			if (jwt.getClaims().containsKey("nonce")) {
				return failure("A logout token must not carry a nonce");
			}
			if (jwt.getIssuedAt() == null) {
				return failure("The logout token lacks iat");
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(List.of(new OAuth2Error("invalid_request", description, null)));
	}

}
