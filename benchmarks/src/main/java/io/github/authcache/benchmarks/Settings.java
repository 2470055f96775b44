/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

/**
 * Run settings: the full run (12 minutes on 2 CPUs at load average 12-23) or
 * {@code -Dquick} (6 minutes at load average 6-18).
 *
 * @param quick whether this is the quick run
 * @author authcache authors
 */
record Settings(boolean quick) {

	static Settings fromSystemProperties() {
		return new Settings(Boolean.parseBoolean(System.getProperty("benchmarks.quick", "false")));
	}

	int jmhWarmups() {
		return this.quick ? 1 : 3;
	}

	int jmhIterations() {
		return this.quick ? 2 : 5;
	}

	int jmhIterationMillis() {
		return this.quick ? 500 : 1000;
	}

	int loadWarmupSeconds() {
		return this.quick ? 2 : 3;
	}

	int loadMeasureSeconds() {
		return this.quick ? 3 : 10;
	}

	int cpuWarmupSeconds() {
		return this.quick ? 2 : 4;
	}

	int cpuMeasureSeconds() {
		return this.quick ? 3 : 5;
	}

	int loadThreads() {
		return 16;
	}

	int tokenPopulation() {
		return 1000;
	}

	int coldCredentials() {
		return this.quick ? 20 : 50;
	}

	int memorySessions() {
		return 100_000;
	}

	long simulatedSeconds() {
		return this.quick ? 1800 : 3600;
	}

}
