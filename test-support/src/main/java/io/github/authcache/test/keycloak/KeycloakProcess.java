/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The Keycloak process tree ({@code bash bin/kc.sh start-dev} and the JVM it starts) with
 * its directory (the unpacked distribution, the dev-mode database and the log): started
 * with a clean environment, stopped with its descendants, and stopped by a JVM shutdown
 * hook when never closed.
 *
 * @author authcache authors
 */
final class KeycloakProcess {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private final Path directory;

	private final Process process;

	private final Thread shutdownHook = new Thread(this::stop, "authcache-keycloak-cleanup");

	private boolean stopped;

	private KeycloakProcess(Path directory, Process process) {
		this.directory = directory;
		this.process = process;
	}

	static Path createDirectory() {
		try {
			return Files.createTempDirectory("authcache-keycloak-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start Keycloak in dev mode.
	 * @param directory the directory to log into and delete on stop
	 * @param home the Keycloak home in that directory
	 * @param javaHome the Java 21+ runtime
	 * @param host the address to listen on
	 * @param port the HTTP port
	 * @param admin the bootstrap admin's user name and password
	 * @param options further options of {@code kc.sh start-dev}
	 * @return the process
	 */
	static KeycloakProcess start(Path directory, Path home, Path javaHome, String host, int port,
			Map.Entry<String, String> admin, List<String> options) {
		List<String> command = new ArrayList<>(
				List.of("bash", "bin/kc.sh", "start-dev", "--http-port=" + port, "--http-host=" + host));
		command.addAll(options);
		ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("keycloak.log").toFile());
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("KC_") || name.startsWith("JAVA_OPTS"));
		environment.put("JAVA_HOME", javaHome.toString());
		// C1 only: a faster start on a small machine; a test server needs no peak
		// performance
		environment.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
		environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", admin.getKey());
		environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", admin.getValue());
		try {
			KeycloakProcess keycloak = new KeycloakProcess(directory, builder.start());
			Runtime.getRuntime().addShutdownHook(keycloak.shutdownHook);
			return keycloak;
		}
		catch (IOException ex) {
			deleteRecursively(directory);
			throw new UncheckedIOException("Could not run " + builder.command(), ex);
		}
	}

	/**
	 * Wait until the given probe succeeds, failing early when the process exits.
	 * @param ready the probe
	 * @param timeout how long to wait at most
	 */
	void awaitReady(BooleanSupplier ready, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!ready.getAsBoolean()) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"Keycloak exited with " + this.process.exitValue() + " while starting:\n" + logTail());
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Keycloak was not ready after " + timeout + ":\n" + logTail());
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.directory.resolve("keycloak.log"), StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down and runs the hook
			return;
		}
		stop();
	}

	private synchronized void stop() {
		if (this.stopped) {
			return;
		}
		this.stopped = true;
		List<ProcessHandle> tree = Stream.concat(Stream.of(this.process.toHandle()), this.process.descendants())
			.toList();
		tree.forEach(ProcessHandle::destroy);
		for (ProcessHandle handle : tree) {
			try {
				handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				handle.destroyForcibly();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				handle.destroyForcibly();
			}
		}
		deleteRecursively(this.directory);
	}

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// best effort
		}
	}

}
