/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

/**
 * The Redis deployments the starter supports, each started from real processes on free
 * loopback ports.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public enum RedisTopology {

	/**
	 * One {@code redis-server}, configured with {@code spring.data.redis.host/port}.
	 */
	STANDALONE("standalone") {

		@Override
		public RedisDeployment start() {
			return new RedisDeployment(this, RedisServer.startDefault(), null, null);
		}

	},

	/**
	 * A master, a replica and three sentinels, configured with
	 * {@code spring.data.redis.sentinel.*}.
	 */
	SENTINEL("Sentinel") {

		@Override
		public RedisDeployment start() {
			return new RedisDeployment(this, null, RedisSentinelGroup.start(), null);
		}

	},

	/**
	 * Three masters and three replicas, configured with
	 * {@code spring.data.redis.cluster.nodes}.
	 */
	CLUSTER("Cluster") {

		@Override
		public RedisDeployment start() {
			return new RedisDeployment(this, null, null, RedisCluster.start());
		}

	};

	private final String label;

	RedisTopology(String label) {
		this.label = label;
	}

	/**
	 * Return the name of the topology for reports ("standalone", "Sentinel", "Cluster").
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * Start the processes and wait until the deployment is ready.
	 * @return the running deployment
	 */
	public abstract RedisDeployment start();

}
