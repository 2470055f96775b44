/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;

import org.springframework.data.redis.connection.jedis.JedisClientConfigBuilderCustomizer;

/**
 * Turns off the {@code CLIENT SETINFO} commands Jedis sends on every new connection of
 * authcache's client (its library name and version, for {@code CLIENT LIST}).
 * commons-pool2 makes a replacement connection in the thread of the request that returned
 * a broken one, so on a hung Redis those commands cost that request a second command
 * timeout. Without them, opening a connection sends nothing (unless a password, a
 * database or a client name is set), and a hung Redis costs a request one command timeout
 * at most.
 *
 * @author authcache authors
 */
class RedisHandshakeCustomizer implements JedisClientConfigBuilderCustomizer {

	@Override
	public void customize(DefaultJedisClientConfig.Builder builder) {
		builder.clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
	}

}
