/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.EnumMap;
import java.util.Map;

import io.github.authcache.credential.CredentialKind;
import io.github.authcache.metrics.AuthCacheMetrics;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.metrics.WriteSkipReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Records the upstream answers that were not cached because their value would exceed a
 * limit of the reader ({@link EntryValues}): each is metered, and a warning is logged at
 * most once a minute per limit, so a user whose identity is too large cannot flood the
 * log. Thread-safe.
 *
 * @author authcache authors
 */
final class SkippedWrites {

	private static final Log logger = LogFactory.getLog(CredentialCache.class);

	private final Map<WriteSkipReason, ThrottledWarning> warnings = new EnumMap<>(WriteSkipReason.class);

	SkippedWrites() {
		for (WriteSkipReason reason : WriteSkipReason.values()) {
			this.warnings.put(reason, new ThrottledWarning(logger, (count) -> message(reason, count)));
		}
	}

	/**
	 * Record an answer that was not cached.
	 * @param kind the credential kind
	 * @param reason the limit its value exceeds
	 * @param metrics the metrics to record it with
	 */
	void skipped(CredentialKind kind, WriteSkipReason reason, AuthCacheMetrics metrics) {
		metrics.writeSkipped(kind, reason);
		this.warnings.get(reason).occurred();
	}

	private static String message(WriteSkipReason reason, long count) {
		String limit = (reason == WriteSkipReason.TOO_LARGE)
				? "larger than the " + EntryValues.MAX_LENGTH + " bytes the cache reads"
				: "nested deeper than the " + CacheEntryCodec.MAX_DEPTH + " levels the cache reads";
		return "Did not cache " + count + " answer(s) of the identity provider since the last warning: their "
				+ "identity would be " + limit + " (identity traits or claims too large?); each request with such "
				+ "a credential asks the identity provider (metric " + MicrometerAuthCacheMetrics.WRITE_SKIPPED + ")";
	}

}
