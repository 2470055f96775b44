/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Builds the connection factory of a Redis of its own for revocation state from a
 * {@code redis://} or {@code rediss://} URL.
 *
 * @author authcache authors
 */
final class RevocationRedisConnectionFactory {

	private RevocationRedisConnectionFactory() {
	}

	static JedisConnectionFactory create(URI url, Duration timeout) {
		RedisEndpoint endpoint = RedisEndpoint.of(url, "authcache.revocation.redis-url");
		JedisClientConfiguration.JedisClientConfigurationBuilder client = JedisClientConfiguration.builder()
			.connectTimeout(timeout)
			.readTimeout(timeout);
		if (endpoint.ssl()) {
			client.useSsl();
		}
		return endpoint.connectionFactory(client.build());
	}

}
