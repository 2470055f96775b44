/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.topology;

import io.github.authcache.test.redis.RedisCluster;
import io.github.authcache.test.redis.RedisSentinelGroup;
import io.github.authcache.test.redis.RedisServer;

/**
 * The Redis deployments the starter supports (G11), each started from real processes on
 * loopback ports.
 *
 * @author authcache authors
 */
enum Topology {

	/**
	 * One {@code redis-server}, configured with {@code spring.data.redis.host/port}.
	 */
	STANDALONE {

		@Override
		RunningTopology start() {
			return new RunningTopology(this, RedisServer.startDefault(), null, null);
		}

	},

	/**
	 * A master, a replica and three sentinels, configured with
	 * {@code spring.data.redis.sentinel.*}.
	 */
	SENTINEL {

		@Override
		RunningTopology start() {
			return new RunningTopology(this, null, RedisSentinelGroup.start(), null);
		}

	},

	/**
	 * Three masters and three replicas, configured with
	 * {@code spring.data.redis.cluster.nodes}.
	 */
	CLUSTER {

		@Override
		RunningTopology start() {
			return new RunningTopology(this, null, null, RedisCluster.start());
		}

	};

	/**
	 * Start the processes and wait until the deployment is ready.
	 * @return the running deployment
	 */
	abstract RunningTopology start();

}
