/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * How authcache connects to Redis: an {@link AuthCacheRedis} on a
 * {@link RedisConnectionFactory} bean qualified with
 * {@link AuthCacheRedisConnectionFactory}, or else on a Jedis client of authcache's own
 * ({@link AuthCacheJedisClientConfiguration}) pointed at {@code authcache.redis.url} or,
 * by default, at the Redis Spring Boot's {@link DataRedisConnectionDetails} describe. The
 * application's own Redis client and its {@code spring.data.redis.*} settings are left as
 * they are. Imported by {@link AuthCacheAutoConfiguration}.
 *
 * @author authcache authors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnAuthCacheRedis
class AuthCacheRedisConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AuthCacheRedis authCacheRedis(AuthCacheProperties properties, Environment environment,
			@AuthCacheRedisConnectionFactory ObjectProvider<RedisConnectionFactory> qualified,
			ObjectProvider<DataRedisConnectionDetails> connectionDetails,
			ObjectProvider<DataRedisProperties> applicationRedis) {
		RedisConnectionFactory connectionFactory = qualified.getIfUnique();
		if (connectionFactory != null) {
			return AuthCacheRedis.shared(connectionFactory);
		}
		AuthCacheProperties.Redis redis = properties.getRedis();
		RedisEndpoint endpoint = (redis.getUrl() != null) ? RedisEndpoint.of(redis.getUrl(), "authcache.redis.url")
				: RedisEndpoint.of(connectionDetails.getObject(), urlUsesSsl(applicationRedis.getIfAvailable()),
						redis.getMaxRedirects());
		return AuthCacheRedis
			.own(endpoint.connectionFactory(AuthCacheJedisClientConfiguration.create(redis, environment, endpoint)));
	}

	private static boolean urlUsesSsl(@Nullable DataRedisProperties applicationRedis) {
		return applicationRedis != null && applicationRedis.getUrl() != null
				&& applicationRedis.getUrl().startsWith("rediss:");
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "authcache.redis.verify-hostname", matchIfMissing = true)
	JedisHostnameVerificationCheck authCacheJedisHostnameVerificationCheck(AuthCacheRedis redis,
			AuthCacheProperties properties) {
		return new JedisHostnameVerificationCheck(redis.connectionFactory(), properties.getRevocation().getRedisUrl());
	}

}
