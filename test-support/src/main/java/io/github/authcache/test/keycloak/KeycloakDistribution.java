/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The {@code org.keycloak:keycloak-quarkus-dist} zip, a dependency of this module (so
 * Maven downloads and caches it like any other artifact), whose path the build writes
 * into {@code keycloak-distribution.properties}. The system property
 * {@code authcache.keycloak.dist} overrides it.
 *
 * @author authcache authors
 */
final class KeycloakDistribution {

	private static final String PROPERTIES = "keycloak-distribution.properties";

	private final String version;

	private final Path zip;

	private KeycloakDistribution(String version, Path zip) {
		this.version = version;
		this.zip = zip;
	}

	static KeycloakDistribution fromBuild() {
		Properties properties = new Properties();
		try (InputStream input = KeycloakDistribution.class.getResourceAsStream(PROPERTIES)) {
			if (input == null) {
				throw new IllegalStateException(PROPERTIES + " is missing: build authcache-test-support with Maven");
			}
			properties.load(input);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path zip = Path.of(System.getProperty("authcache.keycloak.dist", properties.getProperty("zip")));
		if (!Files.isRegularFile(zip)) {
			throw new IllegalStateException("The Keycloak distribution " + zip
					+ " is missing: run the build online once (./mvnw install -DskipTests) so Maven downloads it");
		}
		return new KeycloakDistribution(properties.getProperty("version"), zip);
	}

	String version() {
		return this.version;
	}

	/**
	 * Unpack the distribution into the given directory.
	 * @param directory an empty directory
	 * @return the Keycloak home (the directory holding {@code bin/kc.sh})
	 */
	Path unpack(Path directory) {
		try (ZipFile zipFile = new ZipFile(this.zip.toFile())) {
			Enumeration<? extends ZipEntry> entries = zipFile.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				Path target = directory.resolve(entry.getName()).normalize();
				if (!target.startsWith(directory)) {
					throw new IllegalStateException("Zip entry outside the target directory: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(target);
					continue;
				}
				Files.createDirectories(target.getParent());
				try (InputStream input = zipFile.getInputStream(entry)) {
					Files.copy(input, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not unpack " + this.zip, ex);
		}
		Path home = directory.resolve("keycloak-" + this.version);
		if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
			throw new IllegalStateException("No bin/kc.sh in " + home + " after unpacking " + this.zip);
		}
		return home;
	}

}
