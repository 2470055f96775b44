/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis that holds revocation state: the application's own, or one configured with
 * {@code authcache.revocation.redis-url}, whose connections are closed with the context.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RevocationRedis implements DisposableBean {

	private final StringRedisTemplate template;

	private final @Nullable JedisConnectionFactory ownConnectionFactory;

	RevocationRedis(StringRedisTemplate template, @Nullable JedisConnectionFactory ownConnectionFactory) {
		this.template = template;
		this.ownConnectionFactory = ownConnectionFactory;
	}

	/**
	 * Return the template for revocation state.
	 * @return the template
	 */
	public StringRedisTemplate template() {
		return this.template;
	}

	/**
	 * Whether revocation state lives in a Redis of its own.
	 * @return whether a separate Redis is configured
	 */
	public boolean isSeparate() {
		return this.ownConnectionFactory != null;
	}

	@Override
	public void destroy() {
		if (this.ownConnectionFactory != null) {
			this.ownConnectionFactory.destroy();
		}
	}

}
