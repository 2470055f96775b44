/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import redis.clients.jedis.Jedis;

/**
 * Opens the dedicated connection an {@link InvalidationSubscriber} subscribes on: a new
 * one for every (re)subscribe, owned (and closed) by the subscriber.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface SubscriberConnectionFactory {

	/**
	 * Open a new, connected and authenticated connection.
	 * @return the connection
	 * @throws redis.clients.jedis.exceptions.JedisException when no connection could be
	 * made
	 */
	Jedis connect();

}
