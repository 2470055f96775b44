/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The cost of a Redis hit against its floors, measured interleaved: rounds of blocks of
 * each operation, the order rotated every round, so that other processes on a shared
 * machine slow every operation alike and the ratio of each round holds. Reports the
 * median time per operation and the median of the per-round ratios, on standalone Redis
 * (hit, raw {@code GET}, raw pipelined {@code GET} + {@code MGET}) and on a Cluster (hit,
 * raw {@code GET} on the owning node). Run with
 * {@code java -cp <benchmarks class path> io.github.authcache.benchmarks.InterleavedHitRatio}.
 *
 * @author authcache authors
 */
public final class InterleavedHitRatio {

	private static final int BLOCK = 500;

	private static final int ROUNDS = 200;

	private static final int WARMUP = 20_000;

	private InterleavedHitRatio() {
	}

	public static void main(String[] args) {
		HotPathBenchmarks benchmarks = new HotPathBenchmarks();
		HotPathBenchmarks.RedisState redis = new HotPathBenchmarks.RedisState();
		redis.setUp();
		HotPathBenchmarks.JedisState jedis = new HotPathBenchmarks.JedisState();
		jedis.setUp(redis);
		double[][] standalone = measure(List.of(() -> benchmarks.credentialCacheRedisHitSession(redis).hashCode(),
				() -> benchmarks.redisGetRawJedis(redis, jedis).length(),
				() -> benchmarks.redisGetMgetPipelinedRawJedis(redis, jedis).size()));
		jedis.tearDown();
		redis.tearDown();
		System.out.printf(
				"standalone: hit %.2f µs, raw GET %.2f µs, pipelined GET + MGET %.2f µs; "
						+ "hit / GET %.2fx, hit / pipelined %.2fx (medians of per-round ratios)%n",
				median(standalone[0]), median(standalone[1]), median(standalone[2]),
				medianRatio(standalone[0], standalone[1]), medianRatio(standalone[0], standalone[2]));
		HotPathBenchmarks.ClusterState cluster = new HotPathBenchmarks.ClusterState();
		cluster.setUp();
		double[][] clustered = measure(
				List.of(() -> benchmarks.clusterCredentialCacheRedisHitSession(cluster).hashCode(),
						() -> benchmarks.clusterRedisGetRawJedisOwningNode(cluster).length()));
		cluster.tearDown();
		System.out.printf("cluster: hit %.2f µs, raw GET on the owning node %.2f µs; hit / GET %.2fx%n",
				median(clustered[0]), median(clustered[1]), medianRatio(clustered[0], clustered[1]));
	}

	/**
	 * Measure operations interleaved.
	 * @param operations the operations, each returning something to keep
	 * @return per operation, the microseconds per call of each round
	 */
	private static double[][] measure(List<LongSupplier> operations) {
		long sink = 0;
		for (int i = 0; i < WARMUP; i++) {
			for (LongSupplier operation : operations) {
				sink += operation.getAsLong();
			}
		}
		double[][] micros = new double[operations.size()][ROUNDS];
		for (int round = 0; round < ROUNDS; round++) {
			for (int k = 0; k < operations.size(); k++) {
				int which = (round + k) % operations.size();
				LongSupplier operation = operations.get(which);
				long start = System.nanoTime();
				for (int i = 0; i < BLOCK; i++) {
					sink += operation.getAsLong();
				}
				micros[which][round] = (System.nanoTime() - start) / 1000.0 / BLOCK;
			}
		}
		if (sink == 42) {
			System.out.println();
		}
		return micros;
	}

	private static double medianRatio(double[] numerators, double[] denominators) {
		double[] ratios = new double[numerators.length];
		for (int i = 0; i < ratios.length; i++) {
			ratios[i] = numerators[i] / denominators[i];
		}
		return median(ratios);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
