/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.EntryRead;
import io.github.authcache.cache.Revocations;
import io.github.authcache.cache.StoreFailure;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;

/**
 * Reads of keys in many slots of a Redis Cluster on the calling thread: the keys are
 * grouped by the master that serves them, each group is sent as one pipeline of
 * {@code GET}s on one connection to that master, and every node's pipeline is sent before
 * any reply is read ({@link OverlappedReads}), so a read costs about one round trip
 * however many nodes it involves. Spring Data's own {@code MGET} across slots would run
 * one {@code GET} per slot on a new thread each ({@code SimpleAsyncTaskExecutor}, 1.28 ms
 * per hit measured).
 * <p>
 * The nodes work on their pipelines at the same time, so nothing orders the reads of
 * different nodes: when the keys are an entry and its revocation marks, a mark on another
 * node may be read before the entry. The read says so ({@link Replies#nodes()}, and
 * {@link EntryRead#ordered()} for the store), and {@link Revocations} reads the marks of
 * a young entry again: an entry fetched longer ago than the upstream timeout plus the
 * tolerated clock skew cannot have been written after a mark the read missed (the
 * reasoning is in
 * {@link Revocations#check(String, io.github.authcache.resolver.Identity, java.time.Instant, EntryRead, java.time.Instant)}).
 * Keys that all live on one node are read in order, as on a single server.
 * <p>
 * The topology comes from Spring Data
 * ({@link RedisClusterConnection#clusterGetNodeForKey}, cached by its topology provider)
 * and the connections from Jedis's slot cache; a reply that is an error (a slot moved
 * meanwhile) fails the read, and the lookup asks the upstream, as on any store failure.
 * Jedis renews its slot cache only when a command run through its own executor meets a
 * connection error or a redirection, which these reads bypass: so after a failed read one
 * keyed {@code EXISTS} is sent through the cluster client on a background thread (one at
 * a time), and the next read after a failover finds the new master. Without it the reads
 * would keep asking the failed master for as long as nothing else wrote.
 *
 * @author authcache authors
 */
final class ClusterReads {

	private static final AtomicBoolean renewing = new AtomicBoolean();

	private ClusterReads() {
	}

	/**
	 * Read keys, with one pipeline per node, all nodes at once.
	 * @param cluster the cluster connection
	 * @param keys the keys
	 * @return the values, in the order of the keys, {@code null} where there is none
	 * @throws CacheStoreException when a node failed or answered with an error
	 */
	static List<@Nullable String> get(RedisClusterConnection cluster, List<String> keys) {
		return get(cluster, RedisStrings.raw(keys), OverlappedReads.NOTHING).strings();
	}

	/**
	 * Read keys, with one pipeline per node, all nodes at once, and run something else
	 * while the replies travel.
	 * @param cluster the cluster connection
	 * @param rawKeys the keys, as bytes
	 * @param meanwhile what to run after every node's commands were sent and before any
	 * reply is read
	 * @return the values, and how many nodes were read
	 * @throws CacheStoreException when a node failed or answered with an error
	 */
	static Replies get(RedisClusterConnection cluster, byte[][] rawKeys, Runnable meanwhile) {
		Map<RedisClusterNode, List<Integer>> byNode = new LinkedHashMap<>();
		for (int i = 0; i < rawKeys.length; i++) {
			byNode.computeIfAbsent(cluster.clusterGetNodeForKey(rawKeys[i]), (node) -> new ArrayList<>(2)).add(i);
		}
		List<List<Integer>> groups = new ArrayList<>(byNode.values());
		Object nativeConnection = cluster.getNativeConnection();
		byte[][] values = new byte[rawKeys.length][];
		int failing = 0;
		try (OverlappedReads reads = new OverlappedReads()) {
			try {
				for (failing = 0; failing < groups.size(); failing++) {
					List<Integer> group = groups.get(failing);
					reads.open(connectionFor(nativeConnection, JedisClusterCRC16.getSlot(rawKeys[group.get(0)])), true);
					for (int index : group) {
						reads.send(Protocol.Command.GET, rawKeys[index]);
					}
					reads.flush();
				}
				failing = -1;
				List<List<Object>> replies = reads.replies(meanwhile);
				for (failing = 0; failing < groups.size(); failing++) {
					List<Integer> group = groups.get(failing);
					for (int i = 0; i < group.size(); i++) {
						values[group.get(i)] = value(replies.get(failing).get(i));
					}
				}
			}
			catch (JedisException ex) {
				int node = (failing >= 0) ? failing : reads.repliesRead();
				renewSlotCache(nativeConnection, rawKeys[groups.get(Math.min(node, groups.size() - 1)).get(0)]);
				throw new CacheStoreException("Redis GET of keys on their cluster nodes failed",
						StoreFailure.classify(ex), ex);
			}
		}
		return new Replies(Arrays.asList(values), groups.size());
	}

	/**
	 * Have the cluster client renew its slot cache, in the background and one renewal at
	 * a time: a keyed command through its own executor renews the cache when it meets a
	 * connection error or a redirection.
	 * @param nativeConnection the Jedis cluster client
	 * @param key a key of the slot that failed
	 */
	private static void renewSlotCache(Object nativeConnection, byte[] key) {
		if (!(nativeConnection instanceof UnifiedJedis client) || !renewing.compareAndSet(false, true)) {
			return;
		}
		Thread renewal = new Thread(() -> {
			try {
				client.exists(key);
			}
			catch (RuntimeException ex) {
				// The store is failing: its circuit breaker reports it
			}
			finally {
				renewing.set(false);
			}
		}, "authcache-cluster-slot-renewal");
		renewal.setDaemon(true);
		renewal.start();
	}

	private static Connection connectionFor(Object nativeConnection, int slot) {
		if (nativeConnection instanceof JedisCluster jedisCluster) {
			return jedisCluster.getConnectionFromSlot(slot);
		}
		if (nativeConnection instanceof RedisClusterClient client) {
			return client.getConnectionFromSlot(slot);
		}
		throw new IllegalStateException("Not a Jedis cluster connection: " + nativeConnection.getClass().getName());
	}

	private static byte @Nullable [] value(@Nullable Object reply) {
		if (reply instanceof JedisException ex) {
			throw ex;
		}
		return (byte[]) reply;
	}

	/**
	 * What a read of keys on a cluster returned.
	 *
	 * @param values the values as Redis returned them, in the order of the keys,
	 * {@code null} where there is none
	 * @param nodes how many nodes were read: with more than one, nothing orders the reads
	 * of different nodes
	 */
	record Replies(List<byte @Nullable []> values, int nodes) {

		/**
		 * Return the values as strings.
		 * @return the values, in the order of the keys, {@code null} where there is none
		 */
		List<@Nullable String> strings() {
			return RedisStrings.strings(this.values);
		}

	}

}
