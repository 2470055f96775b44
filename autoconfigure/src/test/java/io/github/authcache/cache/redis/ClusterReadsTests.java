/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.authcache.cache.CacheStoreException;
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

	private static final Pattern GET_CALLS = Pattern.compile("cmdstat_get:calls=(\\d+)");

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

	/**
	 * Every node's commands are sent before any reply is read: while the caller's other
	 * work runs (here, before any reply is read), every master involved has already run
	 * its {@code GET}s. Keys on several nodes make an unordered read, keys on one node
	 * (one hash tag) an ordered one.
	 */
	@Test
	void readWhenKeysOnEveryNodeThenEveryNodeRunsItsCommandsBeforeAnyReplyIsRead() {
		try (RedisCluster cluster = RedisCluster.start()) {
			JedisConnectionFactory factory = new JedisConnectionFactory(
					new RedisClusterConfiguration(cluster.seedAddresses()));
			factory.afterPropertiesSet();
			factory.start();
			try {
				List<String> keys = oneKeyPerMaster(cluster);
				StringRedisTemplate template = new StringRedisTemplate(factory);
				template.opsForValue().set(keys.get(1), "mark");
				for (RedisServer master : cluster.masters()) {
					try (Jedis jedis = master.jedis()) {
						jedis.configResetStat();
					}
				}
				ClusterReads.Replies replies;
				try (RedisClusterConnection connection = factory.getClusterConnection()) {
					replies = ClusterReads.get(connection, RedisStrings.raw(keys),
							() -> Awaitility.await("every master to run its GET before any reply is read")
								.atMost(Duration.ofSeconds(10))
								.until(() -> cluster.masters().stream().allMatch((master) -> gets(master) == 1)));
				}
				assertThat(replies.strings()).containsExactly(null, "mark", null);
				assertThat(replies.nodes()).isEqualTo(3);
				RedisAuthCacheStore store = new RedisAuthCacheStore(template);
				assertThat(store.getWithMarks(keys.get(0), keys.subList(1, 3)).ordered()).isFalse();
				assertThat(store.getWithMarks("authcache:session:{one}", List.of("authcache:revoked:{one}")).ordered())
					.as("entry and marks on one node")
					.isTrue();
			}
			finally {
				factory.destroy();
			}
		}
	}

	private static List<String> oneKeyPerMaster(RedisCluster cluster) {
		List<RedisServer> masters = cluster.masters();
		String[] keys = new String[masters.size()];
		for (int i = 0; Arrays.stream(keys).anyMatch(Objects::isNull); i++) {
			String key = "authcache:key-" + i;
			int master = indexOfMasterOf(cluster, key);
			if (keys[master] == null) {
				keys[master] = key;
			}
		}
		return List.of(keys);
	}

	private static long gets(RedisServer master) {
		try (Jedis jedis = master.jedis()) {
			Matcher calls = GET_CALLS.matcher(jedis.info("commandstats"));
			return calls.find() ? Long.parseLong(calls.group(1)) : 0;
		}
	}

	private static List<String> read(JedisConnectionFactory factory) {
		try (RedisClusterConnection connection = factory.getClusterConnection()) {
			return ClusterReads.get(connection, List.of(KEY));
		}
	}

	private static int indexOfMasterOf(RedisCluster cluster) {
		return indexOfMasterOf(cluster, KEY);
	}

	private static int indexOfMasterOf(RedisCluster cluster, String key) {
		List<RedisServer> masters = cluster.masters();
		for (int i = 0; i < masters.size(); i++) {
			try (Jedis jedis = masters.get(i).jedis()) {
				jedis.exists(key);
				return i;
			}
			catch (JedisDataException ex) {
				// MOVED: another master serves the key
			}
		}
		throw new IllegalStateException("No master serves " + key);
	}

}
