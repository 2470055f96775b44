/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis Sentinel deployment of real processes on loopback ports: one master, one
 * replica and three sentinels monitoring master {@value #MASTER_NAME} with quorum 2,
 * {@code down-after-milliseconds 1000} and {@code failover-timeout 3000}.
 *
 * <pre class="code">
 * try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
 *     HostAndPort before = group.killMaster();
 *     HostAndPort after = group.awaitFailover(before, Duration.ofSeconds(30));
 * }
 * </pre>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisSentinelGroup implements AutoCloseable {

	/**
	 * The monitored master name.
	 */
	public static final String MASTER_NAME = "mymaster";

	private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(20);

	private final List<RedisServer> dataNodes = new ArrayList<>();

	private final List<RedisServer> sentinels = new ArrayList<>();

	private RedisSentinelGroup() {
	}

	/**
	 * Start a group on the detected binary and wait until the replica is in sync and
	 * every sentinel knows the replica and the other two sentinels.
	 * @return the running group
	 */
	public static RedisSentinelGroup start() {
		return start(RedisBinary.detect());
	}

	/**
	 * Start a group on the given binary.
	 * @param binary the binary
	 * @return the running group
	 */
	public static RedisSentinelGroup start(RedisBinary binary) {
		RedisSentinelGroup group = new RedisSentinelGroup();
		try {
			group.startAll(binary);
			return group;
		}
		catch (RuntimeException ex) {
			group.close();
			throw ex;
		}
	}

	private void startAll(RedisBinary binary) {
		RedisServer master = RedisServer.builder().binary(binary).start();
		this.dataNodes.add(master);
		RedisServer replica = RedisServer.builder()
			.binary(binary)
			.config("replicaof", RedisServer.HOST + " " + master.port())
			.start();
		this.dataNodes.add(replica);
		Await.until("replica of " + master + " to be in sync", CONVERGENCE_TIMEOUT,
				() -> replica.infoField("replication", "master_link_status").equals("up"));
		for (int i = 0; i < 3; i++) {
			this.sentinels.add(RedisServer.builder()
				.binary(binary)
				.argument("--sentinel")
				.config("sentinel", "monitor " + MASTER_NAME + " " + RedisServer.HOST + " " + master.port() + " 2")
				.config("sentinel", "down-after-milliseconds " + MASTER_NAME + " 1000")
				.config("sentinel", "failover-timeout " + MASTER_NAME + " 3000")
				.config("sentinel", "parallel-syncs " + MASTER_NAME + " 1")
				.start());
		}
		for (RedisServer sentinel : this.sentinels) {
			Await.until("sentinel " + sentinel + " to discover its peers and the replica", CONVERGENCE_TIMEOUT, () -> {
				try (Jedis jedis = sentinel.jedis()) {
					return jedis.sentinelSentinels(MASTER_NAME).size() == 2
							&& jedis.sentinelReplicas(MASTER_NAME).size() == 1;
				}
			});
		}
	}

	/**
	 * Return the monitored master name, {@value #MASTER_NAME}.
	 * @return the master name
	 */
	public String masterName() {
		return MASTER_NAME;
	}

	/**
	 * Return the sentinel addresses as {@code host:port}, for example for
	 * {@code spring.data.redis.sentinel.nodes}.
	 * @return the sentinel addresses
	 */
	public List<String> sentinelAddresses() {
		return this.sentinels.stream().map(RedisServer::address).toList();
	}

	/**
	 * Return the sentinel addresses for Jedis.
	 * @return the sentinel addresses
	 */
	public Set<HostAndPort> sentinelHostAndPorts() {
		Set<HostAndPort> result = new LinkedHashSet<>();
		this.sentinels.forEach((sentinel) -> result.add(sentinel.hostAndPort()));
		return result;
	}

	/**
	 * Return the sentinel processes.
	 * @return the sentinels
	 */
	public List<RedisServer> sentinels() {
		return List.copyOf(this.sentinels);
	}

	/**
	 * Return the master address the sentinels currently report
	 * ({@code SENTINEL get-master-addr-by-name}), asking the first sentinel that answers.
	 * @return the master address
	 */
	public HostAndPort currentMasterAddress() {
		RuntimeException failure = null;
		for (RedisServer sentinel : this.sentinels) {
			if (!sentinel.isRunning()) {
				continue;
			}
			try (Jedis jedis = sentinel.jedis(Duration.ofMillis(500))) {
				List<String> address = jedis.sentinelGetMasterAddrByName(MASTER_NAME);
				return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		throw new IllegalStateException("No sentinel answered", failure);
	}

	/**
	 * Return the data node the sentinels currently report as master.
	 * @return the master
	 */
	public RedisServer master() {
		int port = currentMasterAddress().getPort();
		return this.dataNodes.stream()
			.filter((node) -> node.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Sentinels report unknown master port " + port));
	}

	/**
	 * Return the data node that is not the current master.
	 * @return the replica
	 */
	public RedisServer replica() {
		RedisServer master = master();
		return this.dataNodes.stream().filter((node) -> node != master).findFirst().orElseThrow();
	}

	/**
	 * Kill the current master with {@code SIGKILL}.
	 * @return the address of the killed master
	 */
	public HostAndPort killMaster() {
		RedisServer master = master();
		master.kill();
		return master.hostAndPort();
	}

	/**
	 * Wait until the sentinels report a master other than {@code previous}, and that node
	 * accepts writes.
	 * @param previous the master address before the failover
	 * @param timeout how long to wait
	 * @return the new master address
	 */
	public HostAndPort awaitFailover(HostAndPort previous, Duration timeout) {
		HostAndPort promoted = Await.value("sentinels to promote a new master instead of " + previous, timeout, () -> {
			HostAndPort current = currentMasterAddress();
			return current.equals(previous) ? null : current;
		});
		RedisServer master = this.dataNodes.stream()
			.filter((node) -> node.port() == promoted.getPort())
			.findFirst()
			.orElseThrow();
		Await.until(master + " to act as master", timeout,
				() -> master.infoField("replication", "role").equals("master"));
		return promoted;
	}

	/**
	 * Kill the current master and wait (up to 30 seconds) for the failover.
	 * @return the new master address
	 */
	public HostAndPort killMasterAndAwaitFailover() {
		return awaitFailover(killMaster(), Duration.ofSeconds(30));
	}

	/**
	 * Kill every process and delete their directories.
	 */
	@Override
	public void close() {
		this.sentinels.forEach(RedisServer::close);
		this.dataNodes.forEach(RedisServer::close);
	}

}
