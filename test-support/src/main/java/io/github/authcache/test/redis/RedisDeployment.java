/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * A started {@link RedisTopology}: the {@code spring.data.redis.*} properties that point
 * Spring Boot at it, and its servers for reads and counts that go around the client under
 * test.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisDeployment implements AutoCloseable {

	private final RedisTopology topology;

	private final @Nullable RedisServer standalone;

	private final @Nullable RedisSentinelGroup sentinel;

	private final @Nullable RedisCluster cluster;

	RedisDeployment(RedisTopology topology, @Nullable RedisServer standalone, @Nullable RedisSentinelGroup sentinel,
			@Nullable RedisCluster cluster) {
		this.topology = topology;
		this.standalone = standalone;
		this.sentinel = sentinel;
		this.cluster = cluster;
	}

	/**
	 * Return the topology.
	 * @return the topology
	 */
	public RedisTopology topology() {
		return this.topology;
	}

	/**
	 * Return the Sentinel group of a {@link RedisTopology#SENTINEL} deployment.
	 * @return the group, or {@code null} for another topology
	 */
	public @Nullable RedisSentinelGroup sentinel() {
		return this.sentinel;
	}

	/**
	 * Return the cluster of a {@link RedisTopology#CLUSTER} deployment.
	 * @return the cluster, or {@code null} for another topology
	 */
	public @Nullable RedisCluster cluster() {
		return this.cluster;
	}

	/**
	 * Return the {@code spring.data.redis.*} properties of this deployment, Jedis
	 * included.
	 * @return the properties
	 */
	public List<String> properties() {
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
	 * Return the masters: the server, the master Sentinel manages now, or the cluster's
	 * masters.
	 * @return the masters
	 */
	public List<RedisServer> masters() {
		if (this.standalone != null) {
			return List.of(this.standalone);
		}
		if (this.sentinel != null) {
			return List.of(this.sentinel.master());
		}
		return requiredCluster().masters();
	}

	/**
	 * Return the running nodes that hold data (masters and replicas, no sentinels).
	 * @return the data nodes
	 */
	public List<RedisServer> dataNodes() {
		if (this.standalone != null) {
			return List.of(this.standalone);
		}
		if (this.sentinel != null) {
			return List.of(this.sentinel.master(), this.sentinel.replica())
				.stream()
				.filter(RedisServer::isRunning)
				.toList();
		}
		return requiredCluster().nodes().stream().filter(RedisServer::isRunning).toList();
	}

	/**
	 * Return the master that serves a key (on a cluster the owner of its slot), whether
	 * the key exists or not.
	 * @param key the key
	 * @return the master
	 */
	public RedisServer masterOf(String key) {
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
	 * Return the commands the masters have processed, per command ({@code INFO
	 * commandstats}).
	 * @return the counts by lower-case command name, summed over the masters
	 */
	public Map<String, Long> commandCounts() {
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

	private RedisCluster requiredCluster() {
		if (this.cluster == null) {
			throw new IllegalStateException(this.topology + " is not a cluster");
		}
		return this.cluster;
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

	@Override
	public String toString() {
		return this.topology.name();
	}

}
