/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import io.github.authcache.test.redis.RedisCluster;
import io.github.authcache.test.redis.RedisSentinelGroup;
import io.github.authcache.test.redis.RedisServer;

/**
 * The Redis deployments the starter supports, each started from real processes of the
 * test-support harness on free loopback ports, as the starter's topology tests start
 * them.
 *
 * @author authcache authors
 */
enum RedisTopology {

	/**
	 * One {@code redis-server}, configured with {@code spring.data.redis.host/port}.
	 */
	STANDALONE("standalone") {

		@Override
		RedisDeployment start() {
			return new RedisDeployment(RedisServer.startDefault(), null, null);
		}

	},

	/**
	 * A master, a replica and three sentinels, configured with
	 * {@code spring.data.redis.sentinel.*}.
	 */
	SENTINEL("Sentinel") {

		@Override
		RedisDeployment start() {
			return new RedisDeployment(null, RedisSentinelGroup.start(), null);
		}

	},

	/**
	 * Three masters and three replicas, configured with
	 * {@code spring.data.redis.cluster.nodes}.
	 */
	CLUSTER("Cluster") {

		@Override
		RedisDeployment start() {
			return new RedisDeployment(null, null, RedisCluster.start());
		}

	};

	final String label;

	RedisTopology(String label) {
		this.label = label;
	}

	/**
	 * Start the processes and wait until the deployment is ready.
	 * @return the running deployment
	 */
	abstract RedisDeployment start();

}
