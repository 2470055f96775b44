/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import redis.clients.jedis.ClientSetInfoConfig;

import org.springframework.boot.data.redis.autoconfigure.JedisClientConfigurationBuilderCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration.JedisClientConfigurationBuilder;

/**
 * Turns off the {@code CLIENT SETINFO} commands Jedis sends on every new connection (its
 * library name and version, for {@code CLIENT LIST}). commons-pool2 makes a replacement
 * connection in the thread of the request that returned a broken one, so on a hung Redis
 * those commands cost that request a second command timeout. Without them, opening a
 * connection sends nothing (unless a password, a database or a client name is set), and a
 * hung Redis costs a request one command timeout at most. Runs first, so that an
 * application customizer of its own that sets
 * {@link JedisClientConfigurationBuilder#customizeClientConfig} replaces it.
 *
 * @author authcache authors
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class RedisHandshakeCustomizer implements JedisClientConfigurationBuilderCustomizer {

	@Override
	public void customize(JedisClientConfigurationBuilder builder) {
		builder.customizeClientConfig((config) -> config.clientSetInfoConfig(ClientSetInfoConfig.DISABLED));
	}

}
