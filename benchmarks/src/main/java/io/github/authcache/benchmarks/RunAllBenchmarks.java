/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Runs every benchmark and writes {@code docs/benchmarks.md}: CPU time per request of the
 * sample application, hit-rate simulation, memory and entry sizes, load run (standalone,
 * Sentinel, Cluster), the Redis hit per topology measured interleaved, JMH hot path and
 * Redis hit per topology. Run with
 * {@code ./mvnw -B -Pbenchmarks -pl benchmarks -am -DskipTests verify} (add
 * {@code -Dquick} for shorter phases).
 *
 * @author authcache authors
 */
public final class RunAllBenchmarks {

	static String loadAverageAtStart = "?";

	static String starterCommit = "?";

	static final StringBuilder phaseSeconds = new StringBuilder();

	private static long phaseStart;

	private RunAllBenchmarks() {
	}

	public static void main(String[] args) throws Exception {
		loadAverageAtStart = Report.loadAverage();
		starterCommit = starterCommit();
		Settings settings = Settings.fromSystemProperties();
		Path report = Path.of(System.getProperty("benchmarks.report", "docs/benchmarks.md")).normalize();
		long start = System.nanoTime();
		phase("CPU per request");
		CpuPhase cpu = new CpuPhase(settings);
		cpu.run();
		phase("simulation");
		HitRateSimulation simulation = new HitRateSimulation(settings);
		simulation.run();
		phase("memory");
		MemoryPhase memory = new MemoryPhase(settings);
		memory.run();
		phase("load run");
		LoadPhase load = new LoadPhase(settings);
		load.run();
		phase("interleaved");
		InterleavedPhase interleaved = new InterleavedPhase(settings);
		interleaved.run();
		phase("JMH");
		JmhPhase jmh = new JmhPhase(settings);
		jmh.run();
		phase(null);
		long seconds = (System.nanoTime() - start) / 1_000_000_000L;
		String previous = Files.exists(report) ? Files.readString(report) : "";
		String markdown = new Report(settings, jmh, interleaved, load, simulation, memory, cpu, seconds)
			.render(previous);
		Files.createDirectories(report.getParent());
		Files.writeString(report, markdown);
		log("Wrote " + report + " in " + seconds + " s");
		System.exit(0);
	}

	/**
	 * The commit of the code measured, read before anything runs:
	 * {@code -Dbenchmarks.commit} if given, else the last commit that touched the starter
	 * ({@code autoconfigure}, {@code test-support}) in the repository at
	 * {@code -Dbenchmarks.repository} (set by the Maven build to the repository root; the
	 * run's working directory is the module), with the checked-out commit and whether the
	 * starter has uncommitted changes.
	 * @return a description of the measured commit
	 */
	static String starterCommit() {
		String given = System.getProperty("benchmarks.commit", "").trim();
		if (!given.isEmpty()) {
			return given;
		}
		String repository = System.getProperty("benchmarks.repository", ".");
		String last = git(repository, "log", "-1", "--format=%h %s", "--", "autoconfigure", "test-support");
		String head = git(repository, "rev-parse", "--short", "HEAD");
		if (last.isEmpty() || head.isEmpty()) {
			return "? (no git repository at " + repository + "; pass -Dbenchmarks.commit)";
		}
		String dirty = git(repository, "status", "--porcelain", "--", "autoconfigure", "test-support");
		return last + " (HEAD " + head + (dirty.isEmpty() ? "" : ", with uncommitted changes to the starter") + ")";
	}

	private static String git(String repository, String... arguments) {
		List<String> command = new ArrayList<>(List.of("git", "-C", repository));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(false)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				return "";
			}
			return output;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	/**
	 * End the running phase, noting its duration, and start the next one.
	 * @param name the next phase, or {@code null} after the last
	 */
	private static void phase(@Nullable String name) {
		long now = System.nanoTime();
		if (phaseStart != 0) {
			phaseSeconds.append(TimeUnit.NANOSECONDS.toSeconds(now - phaseStart)).append(" s");
		}
		if (name != null) {
			phaseSeconds.append((phaseSeconds.length() > 0) ? ", " : "").append(name).append(' ');
			log(name);
		}
		phaseStart = now;
	}

	static void log(String message) {
		System.out.println("[benchmarks] " + message);
	}

}
