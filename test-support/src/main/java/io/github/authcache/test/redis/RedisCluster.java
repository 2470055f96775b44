/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster of six real processes on loopback ports (three masters, three
 * replicas), created only through cluster commands ({@code CLUSTER MEET},
 * {@code CLUSTER ADDSLOTS}, {@code CLUSTER REPLICATE}) with {@code cluster-node-timeout
 * 1000} and every node announcing {@code 127.0.0.1}.
 *
 * <pre class="code">
 * try (RedisCluster cluster = RedisCluster.start();
 *         RedisClusterClient client = RedisClusterClient.create(cluster.seedHostAndPorts())) {
 *     client.set("k", "v");
 *     cluster.killMaster(0);
 * }
 * </pre>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisCluster implements AutoCloseable {

	private static final int SLOTS = 16384;

	private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(30);

	private final List<RedisServer> nodes = new ArrayList<>();

	private RedisCluster() {
	}

	/**
	 * Start a cluster on the detected binary and wait until every node reports
	 * {@code cluster_state:ok} and every replica is in sync.
	 * @return the running cluster
	 */
	public static RedisCluster start() {
		return start(RedisBinary.detect());
	}

	/**
	 * Start a cluster on the given binary.
	 * @param binary the binary
	 * @return the running cluster
	 */
	public static RedisCluster start(RedisBinary binary) {
		RedisCluster cluster = new RedisCluster();
		try {
			cluster.create(binary);
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	private void create(RedisBinary binary) {
		for (int i = 0; i < 6; i++) {
			this.nodes.add(RedisServer.builder()
				.binary(binary)
				.config("cluster-enabled", "yes")
				.config("cluster-config-file", "nodes.conf")
				.config("cluster-node-timeout", "1000")
				.config("cluster-announce-ip", RedisServer.HOST)
				.start());
		}
		for (int i = 0; i < this.nodes.size(); i++) {
			try (Jedis jedis = this.nodes.get(i).jedis()) {
				jedis.clusterSetConfigEpoch(i + 1);
			}
		}
		try (Jedis first = this.nodes.get(0).jedis()) {
			for (RedisServer node : this.nodes.subList(1, this.nodes.size())) {
				first.clusterMeet(RedisServer.HOST, node.port());
			}
		}
		for (int i = 0; i < 3; i++) {
			int from = i * SLOTS / 3;
			int to = (i + 1) * SLOTS / 3;
			try (Jedis jedis = this.nodes.get(i).jedis()) {
				jedis.clusterAddSlots(IntStream.range(from, to).toArray());
			}
		}
		for (RedisServer node : this.nodes) {
			Await.until(node + " to know all six nodes", CONVERGENCE_TIMEOUT, () -> knowsAllNodes(node));
		}
		for (int i = 0; i < 3; i++) {
			String masterId = nodeId(this.nodes.get(i));
			RedisServer replica = this.nodes.get(i + 3);
			Await.until(replica + " to replicate " + masterId, CONVERGENCE_TIMEOUT, () -> {
				try (Jedis jedis = replica.jedis()) {
					return "OK".equals(jedis.clusterReplicate(masterId));
				}
			});
		}
		awaitHealthy(CONVERGENCE_TIMEOUT);
	}

	private boolean knowsAllNodes(RedisServer node) {
		try (Jedis jedis = node.jedis()) {
			String[] lines = jedis.clusterNodes().strip().split("\n");
			return lines.length == this.nodes.size()
					&& Arrays.stream(lines).noneMatch((line) -> line.contains("handshake"));
		}
	}

	private static String nodeId(RedisServer node) {
		try (Jedis jedis = node.jedis()) {
			return jedis.clusterMyId();
		}
	}

	/**
	 * Wait until every running node reports {@code cluster_state:ok}, has all slots
	 * assigned, and every running replica's link to its master is up.
	 * @param timeout how long to wait
	 */
	public void awaitHealthy(Duration timeout) {
		for (RedisServer node : running()) {
			Await.until(node + " to report cluster_state:ok", timeout, () -> {
				String info = clusterInfo(node);
				return info.contains("cluster_state:ok") && info.contains("cluster_slots_assigned:" + SLOTS)
						&& info.contains("cluster_slots_ok:" + SLOTS);
			});
		}
		for (RedisServer node : running()) {
			Await.until(node + " to be a master or an in-sync replica", timeout, () -> {
				String role = node.infoField("replication", "role");
				return role.equals("master") || node.infoField("replication", "master_link_status").equals("up");
			});
		}
	}

	private static String clusterInfo(RedisServer node) {
		try (Jedis jedis = node.jedis(Duration.ofMillis(500))) {
			return jedis.clusterInfo();
		}
	}

	private List<RedisServer> running() {
		return this.nodes.stream().filter(RedisServer::isRunning).toList();
	}

	/**
	 * Return all six nodes, running or not, in creation order.
	 * @return the nodes
	 */
	public List<RedisServer> nodes() {
		return List.copyOf(this.nodes);
	}

	/**
	 * Return the running nodes that currently act as masters, in creation order.
	 * @return the masters
	 */
	public List<RedisServer> masters() {
		return running().stream().filter((node) -> node.infoField("replication", "role").equals("master")).toList();
	}

	/**
	 * Return the running nodes that currently act as replicas, in creation order.
	 * @return the replicas
	 */
	public List<RedisServer> replicas() {
		return running().stream().filter((node) -> node.infoField("replication", "role").equals("slave")).toList();
	}

	/**
	 * Return the addresses of the running nodes as {@code host:port}, for example for
	 * {@code spring.data.redis.cluster.nodes}.
	 * @return the seed addresses
	 */
	public List<String> seedAddresses() {
		return running().stream().map(RedisServer::address).toList();
	}

	/**
	 * Return the addresses of the running nodes for Jedis.
	 * @return the seed addresses
	 */
	public Set<HostAndPort> seedHostAndPorts() {
		Set<HostAndPort> result = new LinkedHashSet<>();
		running().forEach((node) -> result.add(node.hostAndPort()));
		return result;
	}

	/**
	 * Kill the given current master with {@code SIGKILL}, then wait (up to 30 seconds)
	 * until one of its replicas is promoted and every remaining node reports
	 * {@code cluster_state:ok} again.
	 * @param index the index into {@link #masters()}
	 * @return the killed node
	 */
	public RedisServer killMaster(int index) {
		RedisServer master = masters().get(index);
		String killedId = nodeId(master);
		List<RedisServer> itsReplicas = replicas().stream()
			.filter((replica) -> replica.infoField("replication", "master_port")
				.equals(Integer.toString(master.port())))
			.toList();
		master.kill();
		Await.until("a replica of " + master + " to be promoted", CONVERGENCE_TIMEOUT, () -> itsReplicas.stream()
			.anyMatch((replica) -> replica.infoField("replication", "role").equals("master")));
		for (RedisServer node : running()) {
			Await.until(node + " to mark " + master + " as failed", CONVERGENCE_TIMEOUT, () -> {
				try (Jedis jedis = node.jedis(Duration.ofMillis(500))) {
					return jedis.clusterNodes()
						.lines()
						.anyMatch((line) -> line.startsWith(killedId) && line.contains("fail"));
				}
			});
		}
		awaitHealthy(CONVERGENCE_TIMEOUT);
		return master;
	}

	/**
	 * Kill every node and delete their directories.
	 */
	@Override
	public void close() {
		this.nodes.forEach(RedisServer::close);
	}

}
