/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.introspection.TokenRevocationClient;
import io.github.authcache.resolver.kratos.KratosAdminClient;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Revokes at the identity provider and drops the cached verdicts in one call. The
 * identity provider is asked first, so a lookup made after the cache was cleared finds
 * the credential revoked there too; lookups that were in flight are stale and ask again
 * (see {@link AuthCacheInvalidator}).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class UpstreamRevocations {

	private final AuthCacheInvalidator invalidator;

	private @Nullable KratosAdminClient kratosAdmin;

	private @Nullable TokenRevocationClient tokenRevocation;

	/**
	 * Create the helpers on the given invalidator.
	 * @param invalidator the invalidator
	 */
	public UpstreamRevocations(AuthCacheInvalidator invalidator) {
		Assert.notNull(invalidator, "'invalidator' must not be null");
		this.invalidator = invalidator;
	}

	/**
	 * Set the Kratos admin client that revokes sessions. Without one, sessions are only
	 * dropped from the cache.
	 * @param kratosAdmin the client
	 */
	public void setKratosAdmin(@Nullable KratosAdminClient kratosAdmin) {
		this.kratosAdmin = kratosAdmin;
	}

	/**
	 * Set the RFC 7009 client that revokes access tokens. Without one, tokens are only
	 * dropped from the cache.
	 * @param tokenRevocation the client
	 */
	public void setTokenRevocation(@Nullable TokenRevocationClient tokenRevocation) {
		this.tokenRevocation = tokenRevocation;
	}

	/**
	 * Revoke one session at Kratos ({@code DELETE /admin/sessions/{id}}) and drop its
	 * cached verdicts.
	 * @param sessionId the session id
	 */
	public void revokeSession(String sessionId) {
		if (this.kratosAdmin != null) {
			this.kratosAdmin.revokeSession(sessionId);
		}
		this.invalidator.invalidateSession(sessionId);
	}

	/**
	 * Revoke every session of a user at Kratos ({@code DELETE
	 * /admin/identities/{id}/sessions}) and drop every cached verdict of that user.
	 * @param identityId the Kratos identity id
	 */
	public void revokeAllSessions(String identityId) {
		if (this.kratosAdmin != null) {
			this.kratosAdmin.revokeSessions(identityId);
		}
		this.invalidator.invalidateUser(identityId);
	}

	/**
	 * Revoke an access token at the authorization server (RFC 7009) and drop its cached
	 * verdicts.
	 * @param token the access token
	 */
	public void revokeToken(Credential token) {
		Assert.isTrue(token.type() == CredentialType.ACCESS_TOKEN, "'token' must be an access token");
		if (this.tokenRevocation != null) {
			this.tokenRevocation.revoke(token.value());
		}
		this.invalidator.invalidateCredential(token);
	}

	/**
	 * Whether sessions are revoked at Kratos too.
	 * @return whether a Kratos admin client is set
	 */
	public boolean revokesSessionsUpstream() {
		return this.kratosAdmin != null;
	}

	/**
	 * Whether tokens are revoked at the authorization server too.
	 * @return whether a revocation client is set
	 */
	public boolean revokesTokensUpstream() {
		return this.tokenRevocation != null;
	}

}
