/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialExtractor;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.credential.MalformedCredentialException;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.UpstreamRevocations;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.util.Assert;

/**
 * Logs the current credential out of the cache: its entries are dropped on every
 * instance, and so are those of its session (a session's cookie and token are cached
 * apart). When the identity provider's admin API is configured, the session or token is
 * revoked there first. {@link AuthCacheConfigurer} adds this handler to Spring Security's
 * logout.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheLogoutHandler implements LogoutHandler {

	private final CredentialExtractor credentialExtractor;

	private final AuthCacheInvalidator invalidator;

	private final UpstreamRevocations upstreamRevocations;

	/**
	 * Create a handler.
	 * @param credentialExtractor the extractor of the request's credential
	 * @param invalidator the invalidator
	 * @param upstreamRevocations the revocation at the identity provider
	 */
	public AuthCacheLogoutHandler(CredentialExtractor credentialExtractor, AuthCacheInvalidator invalidator,
			UpstreamRevocations upstreamRevocations) {
		Assert.notNull(credentialExtractor, "'credentialExtractor' must not be null");
		Assert.notNull(invalidator, "'invalidator' must not be null");
		Assert.notNull(upstreamRevocations, "'upstreamRevocations' must not be null");
		this.credentialExtractor = credentialExtractor;
		this.invalidator = invalidator;
		this.upstreamRevocations = upstreamRevocations;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		Credential credential = credential(request);
		if (credential == null) {
			return;
		}
		if (credential.type() == CredentialType.ACCESS_TOKEN) {
			this.upstreamRevocations.revokeToken(credential);
			return;
		}
		String sessionId = (authentication instanceof SessionAuthentication session)
				? session.getPrincipal().getSessionId() : null;
		try {
			if (sessionId != null) {
				this.upstreamRevocations.revokeSession(sessionId);
			}
		}
		finally {
			this.invalidator.invalidateCredential(credential);
		}
	}

	private @Nullable Credential credential(HttpServletRequest request) {
		try {
			return this.credentialExtractor.extract(request);
		}
		catch (MalformedCredentialException ex) {
			return null;
		}
	}

}
