/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Instant;

/**
 * Told when a background refresh (refresh-ahead) found that a credential in use is no
 * longer active at the identity provider, once its negative entry is stored. The
 * auto-configuration makes it a revocation of the credential: its mark keeps answers
 * fetched earlier from being used, and the other instances drop their near-cache copies.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see CredentialCache#setRefreshRevocationListener(RefreshRevocationListener)
 */
@FunctionalInterface
public interface RefreshRevocationListener {

	/**
	 * A listener that does nothing: other instances keep their near-cache copies until
	 * those expire.
	 */
	RefreshRevocationListener NONE = (entryKey, at) -> {
	};

	/**
	 * Called when the credential of an entry was found inactive.
	 * @param entryKey the credential's entry key
	 * @param at when the identity provider answered
	 */
	void revocationFound(String entryKey, Instant at);

}
