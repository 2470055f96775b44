/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.authcache.test.keycloak.JavaRuntimes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs a class's {@code main} in a JVM of a Java 21+ runtime, for the tests of virtual
 * threads: the build runs on Java 17. The runtime is found as the Keycloak tests find
 * theirs ({@link JavaRuntimes}); without one the calling test is skipped, or fails when
 * {@code CI} is set.
 *
 * @author authcache authors
 */
public final class Java21Jvm {

	private Java21Jvm() {
	}

	/**
	 * Run the class's {@code main} on this JVM's class path and return what it printed.
	 * Fails the calling test when it runs longer than the timeout or exits with a status
	 * other than 0.
	 * @param mainClass the class whose {@code main} to run
	 * @param timeout how long it may run
	 * @return its standard output and error
	 * @throws IOException when the JVM cannot be started or its output read
	 * @throws InterruptedException when interrupted while waiting for it
	 */
	public static String run(Class<?> mainClass, Duration timeout) throws IOException, InterruptedException {
		Path javaHome = javaHome(mainClass);
		Path output = Files.createTempFile(mainClass.getSimpleName(), ".out");
		try {
			Process process = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-cp",
					System.getProperty("java.class.path"), mainClass.getName())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				process.destroyForcibly().waitFor();
			}
			String printed = Files.readString(output, StandardCharsets.UTF_8);
			assertThat(exited).as("%s still running after %s:%n%s", mainClass.getSimpleName(), timeout, printed)
				.isTrue();
			assertThat(process.exitValue()).as(printed).isZero();
			return printed;
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static Path javaHome(Class<?> mainClass) {
		Path javaHome = JavaRuntimes.find().orElse(null);
		String ci = System.getenv("CI");
		if (javaHome == null && ci != null && !ci.isEmpty() && !"false".equalsIgnoreCase(ci)) {
			throw new IllegalStateException("No Java " + JavaRuntimes.REQUIRED_VERSION + "+ runtime in "
					+ JavaRuntimes.searched() + " for " + mainClass.getSimpleName() + " (required: CI is set)");
		}
		assumeTrue(javaHome != null, () -> "No Java " + JavaRuntimes.REQUIRED_VERSION + "+ runtime in "
				+ JavaRuntimes.searched() + ": " + mainClass.getSimpleName() + " is skipped");
		return javaHome;
	}

}
