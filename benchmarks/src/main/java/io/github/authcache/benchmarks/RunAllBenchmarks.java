/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs every benchmark and writes {@code docs/benchmarks.md}: JMH hot path, load run,
 * hit-rate simulation, memory. Run with
 * {@code ./mvnw -B -Pbenchmarks -pl benchmarks -am -DskipTests verify} (add
 * {@code -Dquick} for the 2-minute run).
 *
 * @author authcache authors
 */
public final class RunAllBenchmarks {

	static String loadAverageAtStart = "?";

	private RunAllBenchmarks() {
	}

	public static void main(String[] args) throws Exception {
		loadAverageAtStart = Report.loadAverage();
		Settings settings = Settings.fromSystemProperties();
		Path report = Path.of(System.getProperty("benchmarks.report", "docs/benchmarks.md")).normalize();
		long start = System.nanoTime();
		log("Hit-rate simulation");
		HitRateSimulation simulation = new HitRateSimulation(settings);
		simulation.run();
		log("Memory");
		MemoryPhase memory = new MemoryPhase(settings);
		memory.run();
		log("Load run");
		LoadPhase load = new LoadPhase(settings);
		load.run();
		log("JMH");
		JmhPhase jmh = new JmhPhase(settings);
		jmh.run();
		long seconds = (System.nanoTime() - start) / 1_000_000_000L;
		String markdown = new Report(settings, jmh, load, simulation, memory, seconds).render();
		Files.createDirectories(report.getParent());
		Files.writeString(report, markdown);
		log("Wrote " + report + " in " + seconds + " s");
		System.exit(0);
	}

	static void log(String message) {
		System.out.println("[benchmarks] " + message);
	}

}
