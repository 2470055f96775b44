/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

/**
 * What a cached entry or a fresh upstream answer means for a lookup now, after its
 * bounds, the store epoch and the revocation marks were checked ({@link EntryJudge}).
 *
 * @author authcache authors
 */
enum EntryVerdict {

	/**
	 * The answer is active and no revocation applies: it may authenticate.
	 */
	USABLE,

	/**
	 * The credential is not active (a negative entry, or the upstream said so).
	 */
	INACTIVE,

	/**
	 * The token's JWT id is revoked: reject it.
	 */
	TOKEN_REVOKED,

	/**
	 * Nothing usable: no entry, one that cannot be trusted or is too old, or an answer
	 * fetched before a revocation of its credential, session or user. Ask the next tier.
	 */
	MISS;

	static EntryVerdict of(Revocations.Verdict marks) {
		return switch (marks) {
			case CLEAR -> USABLE;
			case STALE -> MISS;
			case TOKEN_REVOKED -> TOKEN_REVOKED;
		};
	}

}
