/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;

/**
 * The bulkhead that bounds the upstream calls in flight, and the registry it was taken
 * from: the application's {@link BulkheadRegistry} when it defines one, so the bulkhead
 * is managed and metered with the application's own.
 *
 * @param registry the registry the bulkhead lives in
 * @param bulkhead the bulkhead
 * @author authcache authors
 */
record UpstreamLimit(BulkheadRegistry registry, Bulkhead bulkhead) {

	/**
	 * The name of the bulkhead in its registry.
	 */
	static final String NAME = "authcache-upstream";

}
