/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MarkdownLinks}, and the check that the README and every page under
 * {@code docs/} link only to files and headings that exist.
 *
 * @author authcache authors
 */
class DocumentationLinksTests {

	private static final Path PROJECT = Path.of("..");

	@TempDir
	Path pages;

	@Test
	void readmeAndDocsHaveNoBrokenRelativeLinks() throws IOException {
		List<Path> documentation;
		try (Stream<Path> docs = Files.walk(PROJECT.resolve("docs"))) {
			documentation = Stream
				.concat(Stream.of(PROJECT.resolve("README.md")),
						docs.filter((path) -> path.toString().endsWith(".md")).sorted())
				.toList();
		}
		assertThat(documentation).hasSizeGreaterThan(5);
		assertThat(new MarkdownLinks().broken(documentation))
			.as("Relative links that lead nowhere (page:line: link) in README.md and docs/")
			.isEmpty();
	}

	@Test
	void brokenWhenTheFileDoesNotExist() throws IOException {
		Path page = page("index.md", "See [the guide](guide.md) and [the design](design/notes.md).");
		page("guide.md", "# Guide");
		assertThat(new MarkdownLinks().broken(List.of(page))).containsExactly(page + ":1: design/notes.md");
	}

	@Test
	void brokenWhenNoHeadingDefinesTheAnchor() throws IOException {
		Path page = page("index.md", "[one](guide.md#the-authcache-section)", "[two](guide.md#missing)",
				"[three](#local-part)", "[four](#nowhere)", "", "## Local part");
		page("guide.md", "# Guide", "", "## The `authcache.*` section");
		assertThat(new MarkdownLinks().broken(List.of(page))).containsExactly(page + ":2: guide.md#missing",
				page + ":4: #nowhere");
	}

	@Test
	void anchorsOfRepeatedHeadingsAreNumbered() throws IOException {
		Path page = page("index.md", "# Notes", "# Notes", "[first](#notes) [second](#notes-1) [third](#notes-2)");
		assertThat(new MarkdownLinks().broken(List.of(page))).containsExactly(page + ":3: #notes-2");
	}

	@Test
	void linksInCodeAndWithASchemeAreNotFollowed() throws IOException {
		Path page = page("index.md", "```", "[in a fence](missing.md)", "```", "`[in a span](missing.md)`",
				"[site](https://example.com/missing.md) ![image](missing.png)");
		assertThat(new MarkdownLinks().broken(List.of(page))).isEmpty();
	}

	@Test
	void anchorDropsPunctuationAndLinksAndJoinsWordsWithHyphens() {
		assertThat(MarkdownLinks.anchor("Migrating from `opaqueToken()`")).isEqualTo("migrating-from-opaquetoken");
		assertThat(MarkdownLinks.anchor("Redis, Sentinel & Cluster")).isEqualTo("redis-sentinel--cluster");
		assertThat(MarkdownLinks.anchor("The [Kratos](https://www.ory.sh) recipe")).isEqualTo("the-kratos-recipe");
	}

	private Path page(String name, String... lines) throws IOException {
		return Files.write(this.pages.resolve(name), List.of(lines));
	}

}
