/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.keycloak;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Finds a Java runtime recent enough for Keycloak (and for the tests of virtual threads,
 * when the build runs on Java 17), in this order: {@code $KEYCLOAK_JAVA_HOME},
 * {@code $JAVA_HOME}, the runtime of this JVM, then the newest JDK under
 * {@code /usr/lib/jvm}. A runtime's version is read from its {@code release} file.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class JavaRuntimes {

	/**
	 * The oldest feature version found.
	 */
	public static final int REQUIRED_VERSION = 21;

	static final Path SYSTEM_JVM_DIRECTORY = Path.of("/usr/lib/jvm");

	private JavaRuntimes() {
	}

	/**
	 * Return the home of the first Java {@value #REQUIRED_VERSION}+ runtime found.
	 * @return the runtime's home, empty when there is none
	 */
	public static Optional<Path> find() {
		List<Path> candidates = new ArrayList<>();
		addIfSet(candidates, System.getenv("KEYCLOAK_JAVA_HOME"));
		addIfSet(candidates, System.getenv("JAVA_HOME"));
		addIfSet(candidates, System.getProperty("java.home"));
		candidates.addAll(systemRuntimesNewestFirst());
		return candidates.stream().filter((home) -> version(home) >= REQUIRED_VERSION).findFirst();
	}

	/**
	 * Describe where {@link #find()} looks, for messages.
	 * @return the places searched
	 */
	public static String searched() {
		return "$KEYCLOAK_JAVA_HOME, $JAVA_HOME, java.home and " + SYSTEM_JVM_DIRECTORY + "/*";
	}

	private static void addIfSet(List<Path> candidates, @Nullable String home) {
		if (home != null && !home.isBlank()) {
			candidates.add(Path.of(home));
		}
	}

	private static List<Path> systemRuntimesNewestFirst() {
		if (!Files.isDirectory(SYSTEM_JVM_DIRECTORY)) {
			return List.of();
		}
		try (Stream<Path> homes = Files.list(SYSTEM_JVM_DIRECTORY)) {
			return homes.sorted(Comparator.comparingInt(JavaRuntimes::version).reversed()).toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	/**
	 * Return the feature version of the runtime at the given home, or 0 when it is not a
	 * runtime with a {@code bin/java} and a readable {@code release} file.
	 * @param home the runtime's home directory
	 * @return the feature version (8 for "1.8.0_…", 25 for "25.0.3")
	 */
	static int version(Path home) {
		Path release = home.resolve("release");
		if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isReadable(release)) {
			return 0;
		}
		Properties properties = new Properties();
		try (BufferedReader reader = Files.newBufferedReader(release)) {
			properties.load(reader);
		}
		catch (IOException | IllegalArgumentException ex) {
			return 0;
		}
		String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
		String[] parts = version.split("[.+-]");
		try {
			int first = Integer.parseInt(parts[0]);
			return (first == 1 && parts.length > 1) ? Integer.parseInt(parts[1]) : first;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
