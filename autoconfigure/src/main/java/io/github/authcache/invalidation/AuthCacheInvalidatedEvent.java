/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import java.io.Serial;

import io.github.authcache.cache.Invalidation;

import org.springframework.context.ApplicationEvent;

/**
 * Published when this instance invalidated a credential, a session, a user or a JWT.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class AuthCacheInvalidatedEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create a new event.
	 * @param invalidation what was invalidated
	 */
	public AuthCacheInvalidatedEvent(Invalidation invalidation) {
		super(invalidation);
	}

	/**
	 * Return what was invalidated.
	 * @return the invalidation
	 */
	public Invalidation getInvalidation() {
		return (Invalidation) getSource();
	}

}
