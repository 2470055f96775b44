/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.test.redis.RedisTopology;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.StackProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link HotPathBenchmarks} and {@link TopologyBenchmarks} with {@code -prof gc},
 * then (full run only) the Redis-hit benchmarks again with {@code -prof stack} to see
 * where the time goes.
 *
 * @author authcache authors
 */
final class JmhPhase {

	private final Settings settings;

	final Map<String, double[]> scores = new LinkedHashMap<>();

	final Map<String, Double> allocations = new LinkedHashMap<>();

	/**
	 * The upstream calls during the measurement of the {@link TopologyBenchmarks} hits.
	 */
	final Map<String, Double> upstreamCalls = new LinkedHashMap<>();

	final List<String> stackProfiles = new ArrayList<>();

	JmhPhase(Settings settings) {
		this.settings = settings;
	}

	void run() throws RunnerException {
		Collection<RunResult> results = new Runner(options("\\.(" + HotPathBenchmarks.class.getSimpleName() + "|"
				+ TopologyBenchmarks.class.getSimpleName() + ")\\.")
			.addProfiler(GCProfiler.class)
			.build()).run();
		for (RunResult result : results) {
			String name = shortName(result.getParams().getBenchmark());
			String topology = result.getParams().getParam("topology");
			if (topology != null) {
				name = name(name, RedisTopology.valueOf(topology));
			}
			Result<?> primary = result.getPrimaryResult();
			this.scores.put(name, new double[] { primary.getScore(), primary.getScoreError(),
					primary.getStatistics().getPercentile(50), primary.getStatistics().getMin() });
			Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
			if (alloc != null) {
				this.allocations.put(name, alloc.getScore());
			}
			Result<?> upstream = result.getSecondaryResults().get("upstreamCalls");
			if (upstream != null) {
				this.upstreamCalls.put(name, upstream.getScore());
			}
		}
		if (!this.settings.quick()) {
			Collection<RunResult> profiled = new Runner(options(
					HotPathBenchmarks.class.getName() + ".(credentialCacheRedisHitSession|providerRedisHitToken)")
				.addProfiler(StackProfiler.class, "lines=12;top=12;detailLine=false")
				.build()).run();
			for (RunResult result : profiled) {
				Result<?> stack = result.getSecondaryResults().get("stack");
				if (stack != null) {
					this.stackProfiles.add("### " + shortName(result.getParams().getBenchmark()) + "\n\n```\n"
							+ stack.extendedInfo() + "\n```\n");
				}
			}
		}
	}

	private ChainedOptionsBuilder options(String include) {
		return new OptionsBuilder().include(include)
			.forks(1)
			.threads(1)
			.warmupIterations(this.settings.jmhWarmups())
			.warmupTime(TimeValue.milliseconds(this.settings.jmhIterationMillis()))
			.measurementIterations(this.settings.jmhIterations())
			.measurementTime(TimeValue.milliseconds(this.settings.jmhIterationMillis()))
			.jvmArgsAppend("-Xms512m", "-Xmx512m")
			.shouldFailOnError(true);
	}

	/**
	 * Return the name under which a {@link TopologyBenchmarks} result is kept.
	 * @param benchmark the benchmark method
	 * @param topology the topology it ran on
	 * @return the name
	 */
	static String name(String benchmark, RedisTopology topology) {
		return benchmark + " (" + topology.label() + ")";
	}

	/**
	 * Return the bytes allocated per operation ({@code -prof gc}).
	 * @param name the benchmark's name
	 * @return the bytes, or {@code NaN} if the benchmark has no such result
	 */
	double allocation(String name) {
		Double bytes = this.allocations.get(name);
		return (bytes != null) ? bytes : Double.NaN;
	}

	double score(String name) {
		double[] score = this.scores.get(name);
		return (score != null) ? score[0] : Double.NaN;
	}

	/**
	 * The median of the measurement iterations: robust against iterations slowed down by
	 * other processes on a shared machine.
	 * @param name the benchmark's short name
	 * @return the median score, or {@code NaN} if the benchmark has no score
	 */
	double median(String name) {
		double[] score = this.scores.get(name);
		return (score != null) ? score[2] : Double.NaN;
	}

	private static String shortName(String benchmark) {
		return benchmark.substring(benchmark.lastIndexOf('.') + 1);
	}

}
