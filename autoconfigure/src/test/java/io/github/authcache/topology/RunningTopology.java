/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.authcache.test.redis.RedisCluster;
import io.github.authcache.test.redis.RedisDeployment;
import io.github.authcache.test.redis.RedisSentinelGroup;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.test.redis.RedisTopology;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A started {@link RedisTopology}: the properties that point Spring Boot at it, and
 * direct access to every data node for assertions (keys are listed and read on each node,
 * so nothing hides on a node the client does not ask).
 *
 * @author authcache authors
 */
final class RunningTopology implements AutoCloseable {

	private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

	private final RedisDeployment deployment;

	private RunningTopology(RedisDeployment deployment) {
		this.deployment = deployment;
	}

	/**
	 * Start a topology and wait until it is ready.
	 * @param topology the topology
	 * @return the running deployment
	 */
	static RunningTopology start(RedisTopology topology) {
		return new RunningTopology(topology.start());
	}

	RedisTopology topology() {
		return this.deployment.topology();
	}

	/**
	 * Return the {@code spring.data.redis.*} properties of this deployment, Jedis
	 * included.
	 * @return the properties
	 */
	String[] properties() {
		return this.deployment.properties().toArray(String[]::new);
	}

	/**
	 * Return the running nodes that hold data (masters and replicas, no sentinels).
	 * @return the data nodes
	 */
	List<RedisServer> dataNodes() {
		return this.deployment.dataNodes();
	}

	/**
	 * Return the running masters.
	 * @return the masters
	 */
	List<RedisServer> masters() {
		return this.deployment.masters();
	}

	/**
	 * Delete every key on every master (replicas follow).
	 */
	void flushAll() {
		for (RedisServer master : masters()) {
			try (Jedis jedis = master.jedis()) {
				jedis.flushAll();
			}
		}
	}

	/**
	 * Return the keys matching a pattern, from every master.
	 * @param pattern the pattern
	 * @return the keys
	 */
	Set<String> keys(String pattern) {
		Set<String> keys = new LinkedHashSet<>();
		for (RedisServer master : masters()) {
			try (Jedis jedis = master.jedis()) {
				keys.addAll(scan(jedis, pattern));
			}
		}
		return keys;
	}

	/**
	 * Return every key and every value (string values, set members) on every running data
	 * node, replicas included.
	 * @return everything stored
	 */
	List<String> everythingStored() {
		List<String> stored = new ArrayList<>();
		for (RedisServer node : dataNodes()) {
			try (Jedis jedis = node.jedis()) {
				if (this.deployment.cluster() != null && "slave".equals(node.infoField("replication", "role"))) {
					jedis.readonly();
				}
				for (String key : scan(jedis, "*")) {
					stored.add(key);
					String type = jedis.type(key);
					if ("set".equals(type)) {
						stored.addAll(jedis.smembers(key));
					}
					else if ("string".equals(type)) {
						String value = jedis.get(key);
						if (value != null) {
							stored.add(value);
						}
					}
					else if (!"none".equals(type)) {
						stored.add("<unexpected type " + type + " of " + key + ">");
					}
				}
			}
		}
		return stored;
	}

	/**
	 * Return the master that serves a key (the owner of its slot on a cluster), whether
	 * the key exists or not.
	 * @param key the key
	 * @return the master
	 */
	RedisServer masterOf(String key) {
		return this.deployment.masterOf(key);
	}

	/**
	 * Return the remaining time to live of a key, read on the master that holds it.
	 * @param key the key
	 * @return the TTL in milliseconds, {@code -2} if the key does not exist
	 */
	long pttl(String key) {
		try (Jedis jedis = masterOf(key).jedis()) {
			return jedis.pttl(key);
		}
	}

	/**
	 * Return the members of a set, read on the master that holds it.
	 * @param key the key
	 * @return the members, empty if the key does not exist
	 */
	Set<String> smembers(String key) {
		RedisServer master = masterHolding(key);
		if (master == null) {
			return Set.of();
		}
		try (Jedis jedis = master.jedis()) {
			return jedis.smembers(key);
		}
	}

	/**
	 * Return whether a key exists on any master.
	 * @param key the key
	 * @return whether it exists
	 */
	boolean exists(String key) {
		return masterHolding(key) != null;
	}

	/**
	 * Delete a key, as eviction would, on the master that holds it.
	 * @param key the key
	 */
	void delete(String key) {
		RedisServer master = masterHolding(key);
		if (master != null) {
			try (Jedis jedis = master.jedis()) {
				jedis.del(key);
			}
		}
	}

	private @Nullable RedisServer masterHolding(String key) {
		RedisServer master = masterOf(key);
		try (Jedis jedis = master.jedis()) {
			return jedis.exists(key) ? master : null;
		}
	}

	/**
	 * Kill the master that holds a key with {@code SIGKILL} and wait until a replica was
	 * promoted and the deployment is healthy again.
	 * @param key the key
	 * @return a description of the failover
	 */
	String killMasterOfAndAwaitFailover(String key) {
		RedisServer master = masterOf(key);
		RedisSentinelGroup sentinel = this.deployment.sentinel();
		if (sentinel != null) {
			HostAndPort previous = sentinel.killMaster();
			HostAndPort promoted = sentinel.awaitFailover(previous, FAILOVER_TIMEOUT);
			return "sentinel failover " + previous + " -> " + promoted;
		}
		RedisCluster cluster = this.deployment.cluster();
		if (cluster == null) {
			throw new IllegalStateException(this.deployment + " has no master to fail over");
		}
		int index = cluster.masters().indexOf(master);
		RedisServer killed = cluster.killMaster(index);
		return "cluster failover of " + killed + "; masters now "
				+ cluster.masters().stream().map(RedisServer::address).collect(Collectors.joining(","));
	}

	private static List<String> scan(Jedis jedis, String pattern) {
		List<String> keys = new ArrayList<>();
		ScanParams params = new ScanParams().match(pattern).count(1000);
		String cursor = ScanParams.SCAN_POINTER_START;
		do {
			ScanResult<String> page = jedis.scan(cursor, params);
			keys.addAll(page.getResult());
			cursor = page.getCursor();
		}
		while (!ScanParams.SCAN_POINTER_START.equals(cursor));
		return keys;
	}

	@Override
	public void close() {
		this.deployment.close();
	}

	@Override
	public String toString() {
		return this.deployment.toString();
	}

}
