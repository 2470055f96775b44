/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Compares the CPU per request of two builds of the sample application (before and after
 * a change) in one session: the {@link CpuPhase} measurement of each, interleaved
 * ({@code before, after, after, before}), so that a change in the machine's load falls on
 * both. Run by hand:
 * {@code java -cp <benchmarks classpath> -Dbenchmarks.baselineJar=<before.jar>
 * -Dbenchmarks.sampleJar=<after.jar> io.github.authcache.benchmarks.CpuBeforeAfter}; it
 * prints one Markdown table row per build, round and kind of hit.
 *
 * @author authcache authors
 */
public final class CpuBeforeAfter {

	private CpuBeforeAfter() {
	}

	public static void main(String[] args) throws Exception {
		Settings settings = Settings.fromSystemProperties();
		Path before = CpuPhase.sampleJar("benchmarks.baselineJar");
		Path after = CpuPhase.sampleJar("benchmarks.sampleJar");
		System.out
			.println("| build | round | request | CPU µs/request | x unauthenticated | req/s | x unauthenticated |"
					+ " load average |");
		System.out.println("|---|---:|---|---:|---:|---:|---:|---|");
		int round = 1;
		for (List<Path> order : List.of(List.of(before, after), List.of(after, before))) {
			for (Path jar : order) {
				CpuPhase phase = new CpuPhase(settings);
				phase.run(jar);
				String build = (jar == before) ? "before" : "after";
				for (CpuPhase.Row row : phase.rows) {
					System.out.println(String.format(Locale.ROOT,
							"| %s | %d | %s | %.1f / %.1f | %.2fx | %.0f / %.0f | %.2fx | %s |", build, round,
							row.hit().label, row.unauthenticatedMicros(), row.authenticatedMicros(), row.cpuRatio(),
							row.unauthenticatedThroughput(), row.authenticatedThroughput(), row.throughputRatio(),
							phase.loadAverageAtEnd));
				}
			}
			round++;
		}
		System.exit(0);
	}

}
