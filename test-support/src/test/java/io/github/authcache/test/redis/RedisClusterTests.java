/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisCluster}.
 */
class RedisClusterTests {

	@Test
	void startWhenCreatedThroughClusterCommandsThenStateOkAndClientReadsWrites() {
		try (RedisCluster cluster = RedisCluster.start()) {
			assertThat(cluster.nodes()).hasSize(6).allMatch((node) -> node.port() != 6379);
			assertThat(cluster.masters()).hasSize(3);
			assertThat(cluster.replicas()).hasSize(3);
			assertThat(cluster.seedAddresses()).hasSize(6).allMatch((address) -> address.startsWith("127.0.0.1:"));
			for (RedisServer node : cluster.nodes()) {
				try (Jedis jedis = node.jedis()) {
					assertThat(jedis.clusterInfo()).contains("cluster_state:ok", "cluster_known_nodes:6");
					assertThat(jedis.clusterNodes()).doesNotContain("handshake").contains("127.0.0.1:");
				}
			}
			try (RedisClusterClient client = RedisClusterClient.create(cluster.seedHostAndPorts())) {
				for (int i = 0; i < 50; i++) {
					client.set("key-" + i, "value-" + i);
				}
				assertThat(client.get("key-7")).isEqualTo("value-7");
			}
			for (RedisServer master : cluster.masters()) {
				Awaitility.await("replicas of " + master + " in sync")
					.atMost(Duration.ofSeconds(10))
					.until(() -> inSync(master));
			}
			RedisServer killed = cluster.killMaster(0);
			assertThat(killed.isRunning()).isFalse();
			assertThat(cluster.masters()).hasSize(3).doesNotContain(killed);
			try (RedisClusterClient client = RedisClusterClient.create(cluster.seedHostAndPorts())) {
				for (int i = 0; i < 50; i++) {
					assertThat(client.get("key-" + i)).isEqualTo("value-" + i);
				}
				client.set("after-failover", "ok");
				assertThat(client.get("after-failover")).isEqualTo("ok");
			}
		}
	}

	private static boolean inSync(RedisServer master) {
		try (Jedis jedis = master.jedis()) {
			String info = jedis.info("replication");
			String offset = info.lines()
				.filter((line) -> line.startsWith("master_repl_offset:"))
				.findFirst()
				.orElseThrow()
				.substring("master_repl_offset:".length())
				.trim();
			return info.lines()
				.anyMatch((line) -> line.startsWith("slave0:") && line.contains("offset=" + offset + ","));
		}
	}

}
