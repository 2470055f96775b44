/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ConfigurationReference}, and the check that
 * {@code docs/configuration.md} lists the properties of the configuration metadata as
 * they are now. When it fails, the page as it should be is in
 * {@code autoconfigure/target/generated-docs/}: copy it over.
 *
 * @author authcache authors
 */
class ConfigurationReferenceTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Path PAGE = Path.of("../docs/configuration.md");

	private static final Path GENERATED = Path.of("target/generated-docs/configuration.md");

	@Test
	void committedPageListsThePropertiesOfTheConfigurationMetadata() throws IOException {
		String page = Files.readString(PAGE);
		String generated = ConfigurationReference.update(page, Files.readString(METADATA));
		Files.createDirectories(GENERATED.getParent());
		Files.writeString(GENERATED, generated);
		assertThat(page)
			.as("docs/configuration.md is out of date; from the project's root directory run:%n"
					+ "cp autoconfigure/%s docs/configuration.md", GENERATED)
			.isEqualTo(generated);
	}

	@Test
	void tablesGroupPropertiesUnderTheirSecondSegmentAfterTheTopLevelOnes() {
		String metadata = """
				{"properties": [
				  {"name": "authcache.kratos.base-url", "type": "java.net.URI", "description": "Kratos public API."},
				  {"name": "authcache.cache.session-ttl", "type": "java.time.Duration", "defaultValue": "60s",
				   "description": "Longest time an active session is cached."},
				  {"name": "authcache.enabled", "type": "java.lang.Boolean", "defaultValue": true,
				   "description": "Whether authcache authenticates requests."},
				  {"name": "authcache.cache.key-prefix", "type": "java.lang.String", "defaultValue": "authcache:"},
				  {"name": "authcache.upstream.ssl.bundle", "type": "java.lang.String", "description": "SSL bundle."}
				]}""";
		assertThat(ConfigurationReference.tables(metadata)).isEqualTo("""

				### `authcache`

				| Property | Default | Description |
				|---|---|---|
				| `authcache.enabled` | `true` | Whether authcache authenticates requests. |

				### `authcache.cache`

				| Property | Default | Description |
				|---|---|---|
				| `authcache.cache.key-prefix` | `authcache:` |  |
				| `authcache.cache.session-ttl` | `60s` | Longest time an active session is cached. |

				### `authcache.kratos`

				| Property | Default | Description |
				|---|---|---|
				| `authcache.kratos.base-url` |  | Kratos public API. |

				### `authcache.upstream`

				| Property | Default | Description |
				|---|---|---|
				| `authcache.upstream.ssl.bundle` |  | SSL bundle. |

				""");
	}

	@Test
	void rowsShowMapsListsDeprecationsAndEscapeTableSyntax() {
		String metadata = """
				{"properties": [
				  {"name": "authcache.freshness", "type": "java.util.Map<java.lang.String,java.time.Duration>",
				   "description": "Oldest verdict a route accepts."},
				  {"name": "authcache.jwt.required-audiences", "type": "java.util.List<java.lang.String>",
				   "defaultValue": ["api", "web"], "description": "Audiences a token\\n   must carry: a | b."},
				  {"name": "authcache.jwt.audience", "type": "java.lang.String", "description": "Audience.",
				   "deprecated": true, "deprecation": {"reason": "More than one.",
				   "replacement": "authcache.jwt.required-audiences"}}
				]}""";
		assertThat(ConfigurationReference.tables(metadata)).contains(
				"| `authcache.freshness.*` |  | Oldest verdict a route accepts. |",
				"| `authcache.jwt.required-audiences` | `api,web` | Audiences a token must carry: a \\| b. |",
				"| `authcache.jwt.audience` |  | **Deprecated**: More than one. Use "
						+ "`authcache.jwt.required-audiences`. Audience. |");
	}

	@Test
	void updateReplacesOnlyWhatLiesBetweenTheMarkers() {
		String page = "# Configuration\n\nProse.\n\n" + ConfigurationReference.BEGIN + "\nstale\n"
				+ ConfigurationReference.END + "\n\nMore prose.\n";
		String metadata = """
				{"properties": [{"name": "authcache.enabled", "type": "java.lang.Boolean", "defaultValue": true}]}""";
		assertThat(ConfigurationReference.update(page, metadata))
			.isEqualTo("# Configuration\n\nProse.\n\n" + ConfigurationReference.BEGIN + "\n"
					+ ConfigurationReference.tables(metadata) + ConfigurationReference.END + "\n\nMore prose.\n");
	}

	@Test
	void updateWhenAMarkerIsMissingThenFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConfigurationReference.update("# Configuration\n" + ConfigurationReference.BEGIN, "{}"))
			.withMessageContaining(ConfigurationReference.END);
	}

}
