/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;

import javax.net.ssl.SSLParameters;

import org.jspecify.annotations.Nullable;
import redis.clients.jedis.JedisPoolConfig;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration.JedisClientConfigurationBuilder;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration.JedisSslClientConfigurationBuilder;

/**
 * The configuration of authcache's own Jedis client ({@code authcache.redis.*}): short
 * timeouts, so that a Redis that is down, hung or failing over costs a lookup a fraction
 * of a second rather than Jedis' 2 s per command; a pool as large as the servlet
 * container's request threads, whose wait is bounded; TLS with host name verification
 * (with an SSL bundle's ciphers and protocols); no {@code CLIENT SETINFO} handshake
 * ({@link RedisHandshakeCustomizer}).
 *
 * @author authcache authors
 */
final class AuthCacheJedisClientConfiguration {

	private static final int DEFAULT_CONTAINER_THREADS = 200;

	private static final Duration POOL_WAIT = Duration.ofMillis(200);

	/**
	 * With virtual threads no thread pool bounds the requests in flight, so the pool is
	 * the bound: a longer wait queues a burst rather than sending it to the identity
	 * provider.
	 */
	private static final Duration VIRTUAL_THREADS_POOL_WAIT = Duration.ofSeconds(1);

	private AuthCacheJedisClientConfiguration() {
	}

	// customize(..) is deprecated from Spring Data Redis 4.1 on; 4.0 has only it
	@SuppressWarnings("deprecation")
	static JedisClientConfiguration create(AuthCacheProperties.Redis redis, Environment environment,
			RedisEndpoint endpoint) {
		JedisClientConfigurationBuilder builder = JedisClientConfiguration.builder()
			.readTimeout(redis.getTimeout())
			.connectTimeout(redis.getConnectTimeout())
			.customize(new RedisHandshakeCustomizer());
		builder.usePooling().poolConfig(pool(redis.getPool(), environment));
		if (endpoint.ssl()) {
			ssl(builder.useSsl(), endpoint.sslBundle(), redis.isVerifyHostname());
		}
		return builder.build();
	}

	private static JedisPoolConfig pool(AuthCacheProperties.Redis.Pool pool, Environment environment) {
		Integer maxActive = pool.getMaxActive();
		if (maxActive == null) {
			maxActive = environment.getProperty("server.tomcat.threads.max", Integer.class,
					environment.getProperty("server.jetty.threads.max", Integer.class, DEFAULT_CONTAINER_THREADS));
		}
		Duration maxWait = pool.getMaxWait();
		if (maxWait == null) {
			maxWait = Threading.VIRTUAL.isActive(environment) ? VIRTUAL_THREADS_POOL_WAIT : POOL_WAIT;
		}
		JedisPoolConfig config = new JedisPoolConfig();
		config.setMaxTotal(maxActive);
		config.setMaxIdle((pool.getMaxIdle() != null) ? pool.getMaxIdle() : maxActive);
		config.setMaxWait(maxWait);
		return config;
	}

	private static void ssl(JedisSslClientConfigurationBuilder ssl, @Nullable SslBundle bundle,
			boolean verifyHostname) {
		SSLParameters parameters = new SSLParameters();
		if (bundle != null) {
			ssl.sslSocketFactory(bundle.createSslContext().getSocketFactory());
			SslOptions options = bundle.getOptions();
			if (options.getCiphers() != null) {
				parameters.setCipherSuites(options.getCiphers());
			}
			if (options.getEnabledProtocols() != null) {
				parameters.setProtocols(options.getEnabledProtocols());
			}
		}
		if (verifyHostname) {
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
		}
		ssl.sslParameters(parameters);
	}

}
