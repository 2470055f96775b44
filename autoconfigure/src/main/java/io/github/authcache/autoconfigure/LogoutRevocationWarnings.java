/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import io.github.authcache.invalidation.UpstreamRevocations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Warns at startup when logout cannot revoke at the identity provider, naming the setting
 * that is missing.
 *
 * @author authcache authors
 */
final class LogoutRevocationWarnings {

	private static final Log logger = LogFactory.getLog(LogoutRevocationWarnings.class);

	private LogoutRevocationWarnings() {
	}

	static void logIfIncomplete(UpstreamRevocations revocations, boolean kratos, boolean introspection) {
		if (kratos && !revocations.revokesSessionsUpstream()) {
			logger.warn("Logout cannot revoke Kratos sessions: authcache.kratos.admin-url is not set. A logged-out"
					+ " session is dropped from the cache only and keeps working until Kratos ends it (logout"
					+ " answers 202 with 'AuthCache-Logout: upstream=not_configured').");
		}
		if (introspection && !revocations.revokesTokensUpstream()) {
			logger.warn("Logout cannot revoke access tokens: authcache.introspection.revocation-uri is not set. A"
					+ " logged-out token is dropped from the cache only and keeps working until it expires (logout"
					+ " answers 202 with 'AuthCache-Logout: upstream=not_configured').");
		}
	}

}
