/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Instant;

import org.springframework.util.Assert;

/**
 * One invalidation: what was revoked and when. It is what instances tell each other, and
 * what application events carry. The target never holds a raw credential: a credential is
 * named by its cache entry key.
 *
 * @param type what kind of thing was revoked
 * @param target the entry key, session id, user id, JTI mark key or issuer
 * @param at when it was revoked (for a JTI: until when the mark holds; for a not-before
 * watermark: the watermark)
 * @author authcache authors
 * @since 0.1.0
 */
public record Invalidation(Type type, String target, Instant at) {

	/**
	 * Create an invalidation.
	 */
	public Invalidation {
		Assert.notNull(type, "'type' must not be null");
		Assert.hasText(target, "'target' must not be empty");
		Assert.notNull(at, "'at' must not be null");
	}

	/**
	 * What kind of thing was revoked.
	 */
	public enum Type {

		/**
		 * One credential, named by its cache entry key.
		 */
		CREDENTIAL,

		/**
		 * One session, by session id.
		 */
		SESSION,

		/**
		 * Every credential of a user, by user id.
		 */
		USER,

		/**
		 * One JWT, named by its JTI mark key.
		 */
		JTI,

		/**
		 * Every token of an issuer issued before a time (a Keycloak realm's not-before
		 * watermark), by issuer.
		 */
		NOT_BEFORE

	}

}
