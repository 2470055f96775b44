/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.util.Assert;

/**
 * Where a Redis authcache connects to is, and whether it is reached over TLS: read from
 * Spring Boot's {@link DataRedisConnectionDetails} (standalone, Sentinel or Cluster, as
 * Spring Boot's own Jedis setup reads them) or from a {@code redis://} or
 * {@code rediss://} URL.
 *
 * @param configuration the standalone, Sentinel or Cluster configuration
 * @param ssl whether connections use TLS
 * @param sslBundle the SSL bundle of the connections, if any
 * @author authcache authors
 */
record RedisEndpoint(RedisConfiguration configuration, boolean ssl, @Nullable SslBundle sslBundle) {

	/**
	 * Read the endpoint from Spring Boot's connection details.
	 * @param details the connection details
	 * @param urlUsesSsl whether {@code spring.data.redis.url} is a {@code rediss://} URL
	 * @param maxRedirects the attempts of a command on a cluster
	 * @return the endpoint
	 */
	static RedisEndpoint of(DataRedisConnectionDetails details, boolean urlUsesSsl, int maxRedirects) {
		SslBundle bundle = details.getSslBundle();
		boolean ssl = bundle != null || urlUsesSsl;
		DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
		if (sentinel != null) {
			RedisSentinelConfiguration configuration = new RedisSentinelConfiguration();
			configuration.master(sentinel.getMaster());
			configuration.setSentinels(nodes(sentinel.getNodes()));
			configuration.setUsername(details.getUsername());
			configuration.setPassword(RedisPassword.of(details.getPassword()));
			configuration.setSentinelUsername(sentinel.getUsername());
			configuration.setSentinelPassword(RedisPassword.of(sentinel.getPassword()));
			configuration.setDatabase(sentinel.getDatabase());
			return new RedisEndpoint(configuration, ssl, bundle);
		}
		DataRedisConnectionDetails.Cluster cluster = details.getCluster();
		if (cluster != null) {
			RedisClusterConfiguration configuration = new RedisClusterConfiguration();
			configuration.setClusterNodes(nodes(cluster.getNodes()));
			configuration.setMaxRedirects(maxRedirects);
			configuration.setUsername(details.getUsername());
			configuration.setPassword(RedisPassword.of(details.getPassword()));
			return new RedisEndpoint(configuration, ssl, bundle);
		}
		DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
		Assert.state(standalone != null, "No standalone, Sentinel or Cluster Redis in the connection details");
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(standalone.getHost(),
				standalone.getPort());
		configuration.setUsername(details.getUsername());
		configuration.setPassword(RedisPassword.of(details.getPassword()));
		configuration.setDatabase(standalone.getDatabase());
		return new RedisEndpoint(configuration, ssl, bundle);
	}

	/**
	 * Read the endpoint of a standalone Redis from a URL.
	 * @param url the {@code redis://} or {@code rediss://} URL
	 * @param property the property the URL was set with, for the error message
	 * @return the endpoint
	 */
	static RedisEndpoint of(URI url, String property) {
		Assert.isTrue("redis".equals(url.getScheme()) || "rediss".equals(url.getScheme()),
				() -> "'" + property + "' must be a redis:// or rediss:// URL");
		RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(url.getHost(),
				(url.getPort() > 0) ? url.getPort() : 6379);
		String userInfo = url.getRawUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			String password = decode((colon >= 0) ? userInfo.substring(colon + 1) : userInfo);
			if (colon > 0) {
				standalone.setUsername(decode(userInfo.substring(0, colon)));
			}
			standalone.setPassword(RedisPassword.of(password));
		}
		String path = url.getPath();
		if (path != null && path.length() > 1) {
			standalone.setDatabase(Integer.parseInt(path.substring(1)));
		}
		return new RedisEndpoint(standalone, "rediss".equals(url.getScheme()), null);
	}

	/**
	 * Create a Jedis connection factory for this endpoint, not started.
	 * @param client the client configuration
	 * @return the connection factory
	 */
	JedisConnectionFactory connectionFactory(JedisClientConfiguration client) {
		if (this.configuration instanceof RedisSentinelConfiguration sentinel) {
			return new JedisConnectionFactory(sentinel, client);
		}
		if (this.configuration instanceof RedisClusterConfiguration cluster) {
			return new JedisConnectionFactory(cluster, client);
		}
		return new JedisConnectionFactory((RedisStandaloneConfiguration) this.configuration, client);
	}

	private static List<RedisNode> nodes(List<DataRedisConnectionDetails.Node> nodes) {
		return nodes.stream().map((node) -> new RedisNode(node.host(), node.port())).toList();
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
