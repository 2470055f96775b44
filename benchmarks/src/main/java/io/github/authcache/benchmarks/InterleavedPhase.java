/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

import io.github.authcache.test.redis.RedisTopology;

/**
 * The cost of a Redis hit against the raw {@code GET} floor of the same topology,
 * measured interleaved: rounds of blocks of each operation, the order rotated every
 * round, so that other processes on a shared machine slow every operation alike and the
 * ratio of each round holds. On each {@link RedisTopology} it runs the operations of
 * {@link TopologyBenchmarks} (the starter's session and token hits, the raw {@code GET}
 * on the master that serves the entry) and keeps the median time per operation and the
 * median of the per-round ratios.
 *
 * @author authcache authors
 */
final class InterleavedPhase {

	static final int BLOCK = 500;

	private final Settings settings;

	final List<Row> rows = new ArrayList<>();

	InterleavedPhase(Settings settings) {
		this.settings = settings;
	}

	void run() {
		TopologyBenchmarks benchmarks = new TopologyBenchmarks();
		for (RedisTopology topology : RedisTopology.values()) {
			TopologyBenchmarks.StarterState state = new TopologyBenchmarks.StarterState();
			state.topology = topology.name();
			state.setUp();
			try {
				TopologyBenchmarks.UpstreamCounter upstream = new TopologyBenchmarks.UpstreamCounter();
				double[][] micros = measure(List.of(() -> benchmarks.redisHitSession(state, upstream).hashCode(),
						() -> benchmarks.redisHitToken(state, upstream).hashCode(),
						() -> benchmarks.rawGetOnMaster(state).length()));
				this.rows.add(new Row(topology, median(micros[0]), median(micros[1]), median(micros[2]),
						medianRatio(micros[0], micros[2]), medianRatio(micros[1], micros[2]), upstream.upstreamCalls));
			}
			finally {
				state.tearDown();
			}
		}
	}

	int rounds() {
		return this.settings.quick() ? 60 : 200;
	}

	/**
	 * Measure operations interleaved.
	 * @param operations the operations, each returning something to keep
	 * @return per operation, the microseconds per call of each round
	 */
	private double[][] measure(List<LongSupplier> operations) {
		long sink = 0;
		for (int i = 0; i < rounds() * BLOCK / 10; i++) {
			for (LongSupplier operation : operations) {
				sink += operation.getAsLong();
			}
		}
		double[][] micros = new double[operations.size()][rounds()];
		for (int round = 0; round < rounds(); round++) {
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

	Row row(RedisTopology topology) {
		return this.rows.stream()
			.filter((row) -> row.topology() == topology)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No interleaved result for " + topology));
	}

	/**
	 * The interleaved result of one topology.
	 *
	 * @param topology the topology
	 * @param sessionHitMicros the median time of a session hit
	 * @param tokenHitMicros the median time of a token hit
	 * @param getMicros the median time of the raw {@code GET} on the master
	 * @param sessionRatio the median per-round ratio of the session hit to the
	 * {@code GET}
	 * @param tokenRatio the median per-round ratio of the token hit to the {@code GET}
	 * @param upstreamCalls the upstream calls of the hits, warm-up included (0 when every
	 * lookup was a Redis hit)
	 */
	record Row(RedisTopology topology, double sessionHitMicros, double tokenHitMicros, double getMicros,
			double sessionRatio, double tokenRatio, long upstreamCalls) {

	}

}
