/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.RevocationStore;

/**
 * The stores as the cache, the revocation marks and the invalidator use them: behind
 * their circuit breakers, or as they are when the breakers are turned off.
 *
 * @param cacheStore the cache store to use
 * @param revocationStore the revocation store to use
 * @author authcache authors
 */
record ResilientStores(AuthCacheStore cacheStore, RevocationStore revocationStore) {

}
