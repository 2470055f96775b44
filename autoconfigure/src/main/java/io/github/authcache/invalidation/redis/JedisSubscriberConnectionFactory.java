/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import org.springframework.data.redis.connection.NamedNode;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.util.Assert;

/**
 * {@link SubscriberConnectionFactory} that connects where the application's
 * {@link JedisConnectionFactory} does, with its credentials, TLS settings and timeouts:
 * to the standalone server, to the master the Sentinels currently name, or to one node of
 * a cluster (taking the configured nodes in turn, since a message published on any node
 * reaches subscribers on every node).
 * <p>
 * The subscriber needs a connection of its own that it can close from another thread:
 * Spring Data Redis 4.1 hands out pooled {@code UnifiedJedis} clients by default, which
 * offer neither, so the connection is built here from the factory's public configuration.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class JedisSubscriberConnectionFactory implements SubscriberConnectionFactory {

	private final JedisConnectionFactory connectionFactory;

	private final AtomicInteger nextNode = new AtomicInteger();

	/**
	 * Create a connection factory.
	 * @param connectionFactory the application's connection factory
	 */
	public JedisSubscriberConnectionFactory(JedisConnectionFactory connectionFactory) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		this.connectionFactory = connectionFactory;
	}

	@Override
	public Jedis connect() {
		if (this.connectionFactory.isRedisClusterAware()) {
			RedisClusterConfiguration cluster = this.connectionFactory.getClusterConfiguration();
			Assert.state(cluster != null, "No cluster configuration");
			List<RedisNode> nodes = new ArrayList<>(cluster.getClusterNodes());
			Assert.state(!nodes.isEmpty(), "No cluster nodes configured");
			RedisNode node = nodes.get(Math.floorMod(this.nextNode.getAndIncrement(), nodes.size()));
			return new Jedis(hostAndPort(node), clientConfig(0, cluster.getUsername(), cluster.getPassword()));
		}
		if (this.connectionFactory.isRedisSentinelAware()) {
			RedisSentinelConfiguration sentinel = this.connectionFactory.getSentinelConfiguration();
			Assert.state(sentinel != null, "No sentinel configuration");
			return new Jedis(currentMaster(sentinel),
					clientConfig(sentinel.getDatabase(), sentinel.getUsername(), sentinel.getPassword()));
		}
		RedisStandaloneConfiguration standalone = this.connectionFactory.getStandaloneConfiguration();
		Assert.state(standalone != null, "No standalone configuration");
		return new Jedis(new HostAndPort(standalone.getHostName(), standalone.getPort()),
				clientConfig(standalone.getDatabase(), standalone.getUsername(), standalone.getPassword()));
	}

	private HostAndPort currentMaster(RedisSentinelConfiguration sentinel) {
		NamedNode masterNode = sentinel.getMaster();
		String master = (masterNode != null) ? masterNode.getName() : null;
		Assert.state(master != null, "No sentinel master name configured");
		JedisClientConfig config = clientConfig(0, sentinel.getSentinelUsername(), sentinel.getSentinelPassword());
		JedisException last = null;
		for (RedisNode node : sentinel.getSentinels()) {
			try (Jedis jedis = new Jedis(hostAndPort(node), config)) {
				List<String> address = jedis.sentinelGetMasterAddrByName(master);
				if (address != null && address.size() == 2) {
					return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
				}
			}
			catch (JedisException ex) {
				last = ex;
			}
		}
		throw new JedisConnectionException("No Sentinel knows master '" + master + "'", last);
	}

	// getCustomizer() is deprecated from Spring Data Redis 4.1 on; 4.0 has only it
	@SuppressWarnings("deprecation")
	private JedisClientConfig clientConfig(int database, @Nullable String username, RedisPassword password) {
		JedisClientConfiguration client = this.connectionFactory.getClientConfiguration();
		DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
			.connectionTimeoutMillis(Math.toIntExact(client.getConnectTimeout().toMillis()))
			.socketTimeoutMillis(Math.toIntExact(client.getReadTimeout().toMillis()))
			.protocol(RedisProtocol.RESP2)
			.database(database);
		client.getClientName().ifPresent(builder::clientName);
		if (username != null && !username.isEmpty()) {
			builder.user(username);
		}
		password.toOptional().map(String::new).ifPresent(builder::password);
		if (client.isUseSsl()) {
			builder.ssl(true);
			client.getSslSocketFactory().ifPresent(builder::sslSocketFactory);
			client.getSslParameters().ifPresent(builder::sslParameters);
			client.getHostnameVerifier().ifPresent(builder::hostnameVerifier);
		}
		client.getCustomizer().ifPresent((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private static HostAndPort hostAndPort(RedisNode node) {
		String host = node.getHost();
		Integer port = node.getPort();
		Assert.state(host != null && port != null, "Redis node without host or port");
		return new HostAndPort(host, port);
	}

}
