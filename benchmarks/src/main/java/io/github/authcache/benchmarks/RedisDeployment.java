/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.test.redis.RedisCluster;
import io.github.authcache.test.redis.RedisSentinelGroup;
import io.github.authcache.test.redis.RedisServer;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * A started {@link RedisTopology}: the {@code spring.data.redis.*} properties that point
 * the starter at it, and its masters for the raw floors and the command counts.
 *
 * @author authcache authors
 */
final class RedisDeployment implements AutoCloseable {

	private final @Nullable RedisServer standalone;

	private final @Nullable RedisSentinelGroup sentinel;

	private final @Nullable RedisCluster cluster;

	RedisDeployment(@Nullable RedisServer standalone, @Nullable RedisSentinelGroup sentinel,
			@Nullable RedisCluster cluster) {
		this.standalone = standalone;
		this.sentinel = sentinel;
		this.cluster = cluster;
	}

	/**
	 * Return the {@code spring.data.redis.*} properties of this deployment, Jedis
	 * included.
	 * @return the properties
	 */
	List<String> properties() {
		List<String> properties = new ArrayList<>();
		properties.add("spring.data.redis.client-type=jedis");
		if (this.standalone != null) {
			properties.add("spring.data.redis.host=" + this.standalone.host());
			properties.add("spring.data.redis.port=" + this.standalone.port());
		}
		if (this.sentinel != null) {
			properties.add("spring.data.redis.sentinel.master=" + this.sentinel.masterName());
			properties.add("spring.data.redis.sentinel.nodes=" + String.join(",", this.sentinel.sentinelAddresses()));
		}
		if (this.cluster != null) {
			properties.add("spring.data.redis.cluster.nodes=" + String.join(",", this.cluster.seedAddresses()));
		}
		return properties;
	}

	/**
	 * Return the masters: the server, the Sentinel-managed master, or the cluster's
	 * masters.
	 * @return the masters
	 */
	List<RedisServer> masters() {
		if (this.standalone != null) {
			return List.of(this.standalone);
		}
		if (this.sentinel != null) {
			return List.of(this.sentinel.master());
		}
		if (this.cluster != null) {
			return this.cluster.masters();
		}
		throw new IllegalStateException("No Redis");
	}

	/**
	 * Return the master that serves a key (on a cluster the owner of its slot).
	 * @param key the key
	 * @return the master
	 */
	RedisServer masterOf(String key) {
		for (RedisServer master : masters()) {
			try (Jedis jedis = master.jedis()) {
				jedis.exists(key);
				return master;
			}
			catch (JedisMovedDataException ex) {
				// Another master owns the slot
			}
		}
		throw new IllegalStateException("No master serves " + key);
	}

	/**
	 * {@code FLUSHALL} on every master, but keep the starter's epoch key, atomically (one
	 * script on its master): a changed epoch makes the starter distrust Redis for the
	 * longest entry lifetime and send every lookup upstream, which is right after a real
	 * data loss and would turn the next measurement into an upstream benchmark.
	 */
	void flushKeepingEpoch() {
		for (RedisServer master : masters()) {
			try (Jedis jedis = master.jedis()) {
				jedis.eval(
						"local e = redis.call('GET', KEYS[1]); redis.call('FLUSHALL');"
								+ " if e then redis.call('SET', KEYS[1], e) end; return e",
						1, Fixtures.KEY_PREFIX + "epoch");
			}
			catch (JedisMovedDataException ex) {
				// The epoch key lives on another master
				try (Jedis jedis = master.jedis()) {
					jedis.flushAll();
				}
			}
		}
	}

	/**
	 * Return the commands the masters have processed, per command ({@code INFO
	 * commandstats}).
	 * @return the counts, summed over the masters
	 */
	Map<String, Long> commandCounts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (RedisServer master : masters()) {
			try (Jedis jedis = master.jedis()) {
				for (String line : jedis.info("commandstats").split("\r?\n")) {
					if (line.startsWith("cmdstat_")) {
						String command = line.substring(8, line.indexOf(':'));
						String calls = line.substring(line.indexOf("calls=") + 6);
						counts.merge(command, Long.parseLong(calls.substring(0, calls.indexOf(','))), Long::sum);
					}
				}
			}
		}
		return counts;
	}

	@Override
	public void close() {
		if (this.standalone != null) {
			this.standalone.close();
		}
		if (this.sentinel != null) {
			this.sentinel.close();
		}
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

}
