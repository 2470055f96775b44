/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Whether the cache store answered the last call: logs once when it stops answering and
 * once when it answers again (the circuit breaker logs its own state changes; this is the
 * detail).
 *
 * @author authcache authors
 */
final class StoreHealth {

	private static final Log logger = LogFactory.getLog(CredentialCache.class);

	private final AtomicBoolean available = new AtomicBoolean(true);

	void succeeded() {
		if (!this.available.get() && this.available.compareAndSet(false, true)) {
			logger.debug("Cache store is answering again; lookups are cached again");
		}
	}

	void failed(CacheStoreException ex) {
		if (this.available.compareAndSet(true, false)) {
			logger.debug("Cache store failed; lookups go to the identity provider until it answers again", ex);
		}
	}

}
