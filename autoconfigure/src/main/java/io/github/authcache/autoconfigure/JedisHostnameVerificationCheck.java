/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;

import javax.net.ssl.SSLParameters;

import io.github.authcache.actuate.JedisVersion;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Fails startup with a {@link JedisHostnameVerificationException} when a Jedis before
 * 7.5.0 is on the classpath and one of authcache's Redis connections uses TLS without
 * anything that verifies the server's host name: a {@link JedisConnectionFactory}
 * qualified with {@link AuthCacheRedisConnectionFactory} with TLS on, no host name
 * verifier and no {@code HTTPS} endpoint identification in its SSL parameters, or a
 * {@code rediss://} {@code authcache.revocation.redis-url}. authcache's own client passes
 * with any Jedis, because {@link AuthCacheJedisClientConfiguration} adds the endpoint
 * identification to it. The application's other connection factories are not authcache's,
 * and are not checked. An unknown Jedis version does not fail (the startup report warns
 * about it).
 *
 * @author authcache authors
 */
class JedisHostnameVerificationCheck implements InitializingBean, BeanClassLoaderAware {

	private final RedisConnectionFactory connectionFactory;

	private final @Nullable URI revocationRedisUrl;

	private @Nullable ClassLoader classLoader;

	JedisHostnameVerificationCheck(RedisConnectionFactory connectionFactory, @Nullable URI revocationRedisUrl) {
		this.connectionFactory = connectionFactory;
		this.revocationRedisUrl = revocationRedisUrl;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void afterPropertiesSet() {
		boolean unverified = this.connectionFactory instanceof JedisConnectionFactory jedis
				&& isUnverifiedTls(jedis.getClientConfiguration());
		if (this.revocationRedisUrl != null && "rediss".equals(this.revocationRedisUrl.getScheme())) {
			unverified = true;
		}
		if (!unverified) {
			return;
		}
		String version = JedisVersion.read(this.classLoader);
		if (version != null && !JedisVersion.verifiesHostnames(version)) {
			throw new JedisHostnameVerificationException(version);
		}
	}

	private static boolean isUnverifiedTls(JedisClientConfiguration configuration) {
		if (!configuration.isUseSsl() || configuration.getHostnameVerifier().isPresent()) {
			return false;
		}
		SSLParameters parameters = configuration.getSslParameters().orElse(null);
		return parameters == null || !"HTTPS".equalsIgnoreCase(parameters.getEndpointIdentificationAlgorithm());
	}

}
