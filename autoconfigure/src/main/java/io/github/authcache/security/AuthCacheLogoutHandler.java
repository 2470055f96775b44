/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Instant;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialExtractor;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.credential.MalformedCredentialException;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.RevocationFailedException;
import io.github.authcache.invalidation.RevocationResult;
import io.github.authcache.invalidation.UpstreamRevocations;
import io.github.authcache.metrics.RevocationOutcome;
import io.github.authcache.resolver.introspection.IntrospectionClaims;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.util.Assert;

/**
 * Logs the current credential out: from the cache on every instance first and always (its
 * own entries, and those of its session: a session's cookie and token are cached apart),
 * then at the identity provider, best-effort, through {@link UpstreamRevocations}. It
 * never throws: what it achieved is set as the request attribute
 * {@link #RESULT_ATTRIBUTE} (a {@link RevocationResult}, which
 * {@link AuthCacheLogoutSuccessHandler} turns into the status) and as the response header
 * {@value #RESULT_HEADER}, for example {@code upstream=revoked, cache=durable}:
 * <ul>
 * <li>{@code upstream}: {@code revoked}, {@code failed}, {@code not_configured},
 * {@code not_permitted} (a token of another client, RFC 7009 §2.1) or {@code inactive}
 * (the credential did not authenticate);</li>
 * <li>{@code cache}: {@code durable} (the revocation marks are in Redis) or
 * {@code pending} (Redis did not answer: the logout holds on this instance and is written
 * when Redis answers).</li>
 * </ul>
 * {@link AuthCacheConfigurer} adds this handler to Spring Security's logout.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheLogoutHandler implements LogoutHandler {

	/**
	 * Name of the request attribute that holds the {@link RevocationResult}.
	 */
	public static final String RESULT_ATTRIBUTE = AuthCacheLogoutHandler.class.getName() + ".RESULT";

	/**
	 * Name of the response header that tells what the logout achieved.
	 */
	public static final String RESULT_HEADER = "AuthCache-Logout";

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
		RevocationResult result = revoke(credential, authentication);
		request.setAttribute(RESULT_ATTRIBUTE, result);
		response.setHeader(RESULT_HEADER,
				"upstream=" + result.upstream().tagValue() + ", cache=" + (result.durable() ? "durable" : "pending"));
	}

	private RevocationResult revoke(Credential credential, @Nullable Authentication authentication) {
		if (authentication == null) {
			return new RevocationResult(RevocationOutcome.INACTIVE, invalidateCredential(credential));
		}
		if (credential.type() == CredentialType.ACCESS_TOKEN) {
			RevocationResult token = this.upstreamRevocations.revokeToken(credential, clientId(authentication));
			return new RevocationResult(token.upstream(), revokeJti(authentication) && token.durable());
		}
		boolean durable = invalidateCredential(credential);
		String sessionId = (authentication instanceof SessionAuthentication session)
				? session.getPrincipal().getSessionId() : null;
		if (sessionId == null) {
			return new RevocationResult(RevocationOutcome.INACTIVE, durable);
		}
		RevocationResult session = this.upstreamRevocations.revokeSession(sessionId);
		return new RevocationResult(session.upstream(), durable && session.durable());
	}

	private boolean invalidateCredential(Credential credential) {
		try {
			this.invalidator.invalidateCredential(credential);
			return true;
		}
		catch (RevocationFailedException ex) {
			// The invalidator logged it; the logout holds on this instance
			return false;
		}
	}

	/**
	 * Blacklist a JWT's id until the token expires: the credential's own mark lives only
	 * as long as the longest cache entry, and a self-contained token is valid for as long
	 * as it says.
	 * @param authentication the authentication being logged out
	 * @return whether the JWT id is blacklisted (or there was none)
	 */
	private boolean revokeJti(Authentication authentication) {
		if (!(authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal)
				|| !(principal.getAttribute(IntrospectionClaims.JTI) instanceof String jti)
				|| !(principal.getAttribute(IntrospectionClaims.EXP) instanceof Instant expiresAt)) {
			return true;
		}
		Object issuer = principal.getAttribute(IntrospectionClaims.ISS);
		try {
			this.invalidator.revokeJti((issuer != null) ? issuer.toString() : "", jti, expiresAt);
			return true;
		}
		catch (RevocationFailedException ex) {
			return false;
		}
	}

	private static @Nullable String clientId(Authentication authentication) {
		return (authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal
				&& principal.getAttribute(IntrospectionClaims.CLIENT_ID) instanceof String clientId) ? clientId : null;
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
