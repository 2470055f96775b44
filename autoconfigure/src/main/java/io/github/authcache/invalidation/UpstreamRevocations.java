/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialKind;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.metrics.AuthCacheMetrics;
import io.github.authcache.metrics.RevocationOutcome;
import io.github.authcache.resolver.introspection.TokenRevocationClient;
import io.github.authcache.resolver.kratos.KratosAdminClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Logs a credential out everywhere it can in one call: the cache first and always, then
 * the identity provider, best-effort. The logout handler and applications' own logout or
 * admin code go through here, so logout is done in one place.
 * <p>
 * Each call:
 * <ol>
 * <li>drops the cached verdicts ({@link AuthCacheInvalidator}), so the credential is
 * looked up again on its next use whatever happens next;</li>
 * <li>revokes at the identity provider when it is configured for it and can work: Kratos
 * sessions through the admin API ({@code authcache.kratos.admin-url}), access tokens
 * through RFC 7009 ({@code authcache.introspection.revocation-uri}), and only tokens
 * issued to the client the starter authenticates as (RFC 7009 §2.1: a provider refuses
 * others, Keycloak with "Unmatching clients");</li>
 * <li>when the provider revoked, drops the cached verdicts once more, so a lookup that
 * reached the provider before it revoked cannot leave a verdict behind.</li>
 * </ol>
 * A revocation at the provider that fails, or that nothing is configured for, never
 * throws: it is counted ({@code authcache.logout.upstream}), logged at WARN with the
 * setting to check, and reported in the {@link RevocationResult}, as is a cache
 * revocation that is not durable yet.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class UpstreamRevocations {

	private static final Log logger = LogFactory.getLog(UpstreamRevocations.class);

	private static final String ADMIN_URL = "authcache.kratos.admin-url";

	private static final String REVOCATION_URI = "authcache.introspection.revocation-uri";

	private final AuthCacheInvalidator invalidator;

	private final Map<String, Boolean> warnedOnce = new ConcurrentHashMap<>();

	private @Nullable KratosAdminClient kratosAdmin;

	private @Nullable TokenRevocationClient tokenRevocation;

	private @Nullable String tokenRevocationClientId;

	private AuthCacheMetrics metrics = AuthCacheMetrics.NONE;

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
	 * Set the id of the client the revocation client authenticates as. Tokens issued to
	 * another client (their {@code client_id}) are not sent to the provider, which would
	 * refuse them (RFC 7009 §2.1). Defaults to none: every token is sent.
	 * @param clientId the client id
	 */
	public void setTokenRevocationClientId(@Nullable String clientId) {
		this.tokenRevocationClientId = clientId;
	}

	/**
	 * Set the metrics to count revocations at the identity provider with.
	 * @param metrics the metrics
	 */
	public void setMetrics(AuthCacheMetrics metrics) {
		Assert.notNull(metrics, "'metrics' must not be null");
		this.metrics = metrics;
	}

	/**
	 * Drop one session's cached verdicts and revoke it at Kratos ({@code DELETE
	 * /admin/sessions/{id}}).
	 * @param sessionId the session id
	 * @return what was achieved
	 */
	public RevocationResult revokeSession(String sessionId) {
		KratosAdminClient admin = this.kratosAdmin;
		Upstream upstream = (admin != null) ? () -> admin.revokeSession(sessionId) : null;
		return revoke(CredentialKind.SESSION, upstream, ADMIN_URL, () -> this.invalidator.invalidateSession(sessionId));
	}

	/**
	 * Drop every cached verdict of a user and revoke all of their sessions at Kratos
	 * ({@code DELETE /admin/identities/{id}/sessions}).
	 * @param identityId the Kratos identity id
	 * @return what was achieved
	 */
	public RevocationResult revokeAllSessions(String identityId) {
		KratosAdminClient admin = this.kratosAdmin;
		Upstream upstream = (admin != null) ? () -> admin.revokeSessions(identityId) : null;
		return revoke(CredentialKind.SESSION, upstream, ADMIN_URL, () -> this.invalidator.invalidateUser(identityId));
	}

	/**
	 * Drop an access token's cached verdicts and revoke it at the authorization server
	 * (RFC 7009).
	 * @param token the access token
	 * @return what was achieved
	 */
	public RevocationResult revokeToken(Credential token) {
		return revokeToken(token, null);
	}

	/**
	 * Drop an access token's cached verdicts and revoke it at the authorization server
	 * (RFC 7009), if it was issued to the client the starter revokes as.
	 * @param token the access token
	 * @param clientId the client the token was issued to ({@code client_id}), if known
	 * @return what was achieved
	 */
	public RevocationResult revokeToken(Credential token, @Nullable String clientId) {
		Assert.isTrue(token.type() == CredentialType.ACCESS_TOKEN, "'token' must be an access token");
		Runnable local = () -> this.invalidator.invalidateCredential(token);
		TokenRevocationClient client = this.tokenRevocation;
		if (client != null && clientId != null && this.tokenRevocationClientId != null
				&& !clientId.equals(this.tokenRevocationClientId)) {
			boolean durable = invalidate(local);
			warnOnce("not_permitted", "Logout did not revoke an access token of client '" + clientId
					+ "' at the authorization server: RFC 7009 lets only the client a token was issued to revoke it,"
					+ " and " + REVOCATION_URI + " authenticates as '" + this.tokenRevocationClientId
					+ "'. The token was dropped from the cache only and stays valid until it expires.");
			this.metrics.upstreamRevocation(CredentialKind.TOKEN, RevocationOutcome.NOT_PERMITTED);
			return new RevocationResult(RevocationOutcome.NOT_PERMITTED, durable);
		}
		Upstream upstream = (client != null) ? () -> client.revoke(token.value()) : null;
		return revoke(CredentialKind.TOKEN, upstream, REVOCATION_URI, local);
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

	private RevocationResult revoke(CredentialKind kind, @Nullable Upstream upstream, String setting, Runnable local) {
		boolean durable = invalidate(local);
		RevocationOutcome outcome = revokeUpstream(kind, upstream, setting);
		if (outcome == RevocationOutcome.REVOKED) {
			// A lookup that reached the provider before it revoked must not leave a
			// verdict behind; this later mark covers every earlier one
			durable = invalidate(local);
		}
		this.metrics.upstreamRevocation(kind, outcome);
		return new RevocationResult(outcome, durable);
	}

	private boolean invalidate(Runnable local) {
		try {
			local.run();
			return true;
		}
		catch (RevocationFailedException ex) {
			// The invalidator logged it; the revocation holds on this instance
			return false;
		}
	}

	private RevocationOutcome revokeUpstream(CredentialKind kind, @Nullable Upstream upstream, String setting) {
		if (upstream == null) {
			warnOnce(setting, "Logout does not revoke " + kind.tagValue() + "s at the identity provider: " + setting
					+ " is not set. They are dropped from the cache only and stay valid there.");
			return RevocationOutcome.NOT_CONFIGURED;
		}
		try {
			upstream.revoke();
			return RevocationOutcome.REVOKED;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not revoke a " + kind.tagValue() + " at the identity provider (check " + setting
					+ " and its credentials): " + ex.getMessage() + ". It was dropped from the cache only.");
			return RevocationOutcome.FAILED;
		}
	}

	private void warnOnce(String key, String message) {
		if (this.warnedOnce.putIfAbsent(key, Boolean.TRUE) == null) {
			logger.warn(message);
		}
		else {
			logger.debug(message);
		}
	}

	/**
	 * One revocation call at the identity provider.
	 */
	@FunctionalInterface
	private interface Upstream {

		void revoke();

	}

}
