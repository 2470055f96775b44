/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisSentinelGroup}.
 */
class RedisSentinelGroupTests {

	@Test
	void killMasterWhenGroupRunningThenSentinelsPromoteReplica() {
		try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
			assertThat(group.masterName()).isEqualTo("mymaster");
			assertThat(group.sentinelAddresses()).hasSize(3).allMatch((address) -> address.startsWith("127.0.0.1:"));
			RedisServer originalMaster = group.master();
			RedisServer originalReplica = group.replica();
			try (Jedis jedis = originalMaster.jedis()) {
				jedis.set("before", "failover");
			}
			HostAndPort before = group.killMaster();
			assertThat(before.getPort()).isEqualTo(originalMaster.port());
			HostAndPort after = group.awaitFailover(before, Duration.ofSeconds(30));
			assertThat(after.getPort()).isEqualTo(originalReplica.port());
			assertThat(group.master()).isSameAs(originalReplica);
			try (Jedis jedis = group.master().jedis()) {
				assertThat(jedis.get("before")).isEqualTo("failover");
				assertThat(jedis.set("after", "failover")).isEqualTo("OK");
			}
		}
	}

}
