/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * The Redis connection factory authcache's stores, reports and limits use. It is not a
 * {@link RedisConnectionFactory} bean, so the application's own Redis users (Spring
 * Boot's templates and repositories, Spring Session, caching) never pick it up by type:
 * authcache's own Jedis client, whose connections are closed with the context, or a
 * factory of the application qualified with {@link AuthCacheRedisConnectionFactory},
 * which stays the application's.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheRedis implements DisposableBean {

	private final RedisConnectionFactory connectionFactory;

	private final @Nullable JedisConnectionFactory ownConnectionFactory;

	private AuthCacheRedis(RedisConnectionFactory connectionFactory,
			@Nullable JedisConnectionFactory ownConnectionFactory) {
		this.connectionFactory = connectionFactory;
		this.ownConnectionFactory = ownConnectionFactory;
	}

	/**
	 * Create one on a connection factory of authcache's own, started here and destroyed
	 * with this object.
	 * @param connectionFactory the connection factory, not started yet
	 * @return the Redis
	 */
	static AuthCacheRedis own(JedisConnectionFactory connectionFactory) {
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		return new AuthCacheRedis(connectionFactory, connectionFactory);
	}

	/**
	 * Create one on a connection factory of the application, which manages its life.
	 * @param connectionFactory the connection factory
	 * @return the Redis
	 */
	static AuthCacheRedis shared(RedisConnectionFactory connectionFactory) {
		return new AuthCacheRedis(connectionFactory, null);
	}

	/**
	 * Return the connection factory.
	 * @return the connection factory
	 */
	public RedisConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	@Override
	public void destroy() {
		if (this.ownConnectionFactory != null) {
			this.ownConnectionFactory.destroy();
		}
	}

}
