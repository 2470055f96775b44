/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.util.List;

import io.github.authcache.test.redis.RedisCluster;
import io.github.authcache.test.redis.RedisServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterReads} against a real Redis Cluster (3 masters, 3 replicas).
 *
 * @author authcache authors
 */
class ClusterReadsTests {

	private static final String KEY = "authcache:session:cluster-reads";

	/**
	 * The reads take connections from Jedis's slot cache, which only the cluster client's
	 * own executor renews. With nothing else using the client (a lookup makes no store
	 * call after a failed one, so nothing writes), the reads must still find the promoted
	 * replica after a failover instead of asking the dead master for ever.
	 */
	@Test
	void readWhenTheMasterFailedOverAndNothingElseUsesTheClientThenTheNewMasterIsFound() {
		try (RedisCluster cluster = RedisCluster.start()) {
			JedisConnectionFactory factory = new JedisConnectionFactory(
					new RedisClusterConfiguration(cluster.seedAddresses()),
					JedisClientConfiguration.builder()
						.connectTimeout(Duration.ofMillis(200))
						.readTimeout(Duration.ofMillis(200))
						.build());
			factory.afterPropertiesSet();
			factory.start();
			try {
				new StringRedisTemplate(factory).opsForValue().set(KEY, "entry");
				assertThat(read(factory)).containsExactly("entry");
				cluster.killMaster(indexOfMasterOf(cluster));
				Awaitility.await("reads to reach the promoted replica")
					.atMost(Duration.ofSeconds(15))
					.pollInterval(Duration.ofMillis(200))
					.ignoreException(CacheStoreException.class)
					.until(() -> read(factory) != null);
			}
			finally {
				factory.destroy();
			}
		}
	}

	private static List<String> read(JedisConnectionFactory factory) {
		try (RedisClusterConnection connection = factory.getClusterConnection()) {
			return ClusterReads.get(connection, List.of(KEY));
		}
	}

	private static int indexOfMasterOf(RedisCluster cluster) {
		List<RedisServer> masters = cluster.masters();
		for (int i = 0; i < masters.size(); i++) {
			try (Jedis jedis = masters.get(i).jedis()) {
				jedis.get(KEY);
				return i;
			}
			catch (JedisDataException ex) {
				// MOVED: another master serves the key
			}
		}
		throw new IllegalStateException("No master serves " + KEY);
	}

}
