/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.keycloak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JavaRuntimes}.
 *
 * @author authcache authors
 */
class JavaRuntimesTests {

	@TempDir
	Path directory;

	@Test
	void versionWhenReleaseFileNamesAFeatureReleaseThenItsNumber() throws IOException {
		assertThat(JavaRuntimes.version(runtime("temurin-25", "25.0.3"))).isEqualTo(25);
		assertThat(JavaRuntimes.version(runtime("openjdk-21", "21"))).isEqualTo(21);
		assertThat(JavaRuntimes.version(runtime("openjdk-17", "17.0.15"))).isEqualTo(17);
	}

	@Test
	void versionWhenLegacyVersionSchemeThenTheSecondNumber() throws IOException {
		assertThat(JavaRuntimes.version(runtime("jdk8", "1.8.0_392"))).isEqualTo(8);
	}

	@Test
	void versionWhenNotARuntimeThenZero() throws IOException {
		Path noJava = Files.createDirectories(this.directory.resolve("no-java"));
		Files.writeString(noJava.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
		assertThat(JavaRuntimes.version(noJava)).isZero();
		assertThat(JavaRuntimes.version(runtime("garbage", "next"))).isZero();
		assertThat(JavaRuntimes.version(this.directory.resolve("missing"))).isZero();
	}

	@Test
	void findNeverAnswersARuntimeOlderThan21() {
		assertThat(JavaRuntimes.find().map(JavaRuntimes::version).orElse(JavaRuntimes.REQUIRED_VERSION))
			.isGreaterThanOrEqualTo(21);
	}

	private Path runtime(String name, String version) throws IOException {
		Path home = Files.createDirectories(this.directory.resolve(name));
		Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
		Files.writeString(java, "#!/bin/sh\n");
		java.toFile().setExecutable(true);
		Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
		return home;
	}

}
