/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when authcache can connect to Redis ({@link AuthCacheRedisConfiguration}):
 * Jedis is on the classpath and where Redis is is known, from
 * {@code authcache.redis.url}, a connection factory qualified with
 * {@link AuthCacheRedisConnectionFactory}, or Spring Boot's
 * {@link DataRedisConnectionDetails}. A condition rather than a bean condition on
 * {@link AuthCacheRedis}, so that configuration classes registered before
 * {@link AuthCacheRedisConfiguration} can use it.
 *
 * @author authcache authors
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnClass(name = { "redis.clients.jedis.Jedis", "org.apache.commons.pool2.impl.GenericObjectPool",
		"org.springframework.data.redis.connection.jedis.JedisConnectionFactory" })
@Conditional(ConditionalOnAuthCacheRedis.RedisConfiguredCondition.class)
@interface ConditionalOnAuthCacheRedis {

	/**
	 * Where authcache's Redis is is known.
	 */
	final class RedisConfiguredCondition extends AnyNestedCondition {

		RedisConfiguredCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("authcache.redis.url")
		static final class OwnUrl {

		}

		@ConditionalOnBean(annotation = AuthCacheRedisConnectionFactory.class)
		static final class QualifiedConnectionFactory {

		}

		@ConditionalOnBean(DataRedisConnectionDetails.class)
		static final class ConnectionDetails {

		}

	}

}
