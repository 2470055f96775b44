/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every process and directory the harness created, cleaned up by a JVM shutdown hook even
 * when a test fails without closing its servers.
 *
 * @author authcache authors
 */
final class ManagedProcesses {

	private static final Set<Process> processes = ConcurrentHashMap.newKeySet();

	private static final Set<Path> directories = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ManagedProcesses::cleanUp, "authcache-redis-cleanup"));
	}

	private ManagedProcesses() {
	}

	static void register(Process process) {
		processes.add(process);
	}

	static void unregister(Process process) {
		processes.remove(process);
	}

	static void registerDirectory(Path directory) {
		directories.add(directory);
	}

	static void deleteDirectory(Path directory) {
		directories.remove(directory);
		deleteRecursively(directory);
	}

	private static void cleanUp() {
		for (Process process : processes) {
			process.destroyForcibly();
		}
		for (Process process : processes) {
			try {
				process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		directories.forEach(ManagedProcesses::deleteRecursively);
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// best effort
		}
	}

}
