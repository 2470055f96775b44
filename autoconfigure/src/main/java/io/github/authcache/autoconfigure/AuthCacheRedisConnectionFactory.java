/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Qualifier for the {@link RedisConnectionFactory} authcache uses instead of the Jedis
 * client it creates. The factory is used as it is configured (authcache's
 * {@code authcache.redis.*} timeouts and pool do not apply to it), and it stays the
 * application's: authcache neither starts nor stops it.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see AuthCacheProperties.Redis
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface AuthCacheRedisConnectionFactory {

}
