/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The property reference of {@code docs/configuration.md}, written from the configuration
 * metadata that {@code spring-boot-configuration-processor} generates from
 * {@code AuthCacheProperties} (the processor merges
 * {@code META-INF/additional-spring-configuration-metadata.json} into it when there is
 * one). The tables replace what lies between two marker comments of the page, so the
 * prose around them stays hand-written. Modelled on Spring Boot's
 * {@code DocumentConfigurationProperties}.
 *
 * @author authcache authors
 */
final class ConfigurationReference {

	static final String BEGIN = "<!-- Generated from the configuration metadata by ConfigurationReferenceTests: do not edit -->";

	static final String END = "<!-- End of the generated properties -->";

	private static final JsonMapper json = JsonMapper.builder().build();

	private ConfigurationReference() {
	}

	/**
	 * Return the page with the tables between its markers replaced by tables of the
	 * properties in the given metadata.
	 * @param page the page, with both markers
	 * @param metadata the content of a {@code spring-configuration-metadata.json}
	 * @return the page with the tables of the metadata's properties
	 */
	static String update(String page, String metadata) {
		int begin = page.indexOf(BEGIN);
		int end = page.indexOf(END);
		if (begin < 0 || end < begin) {
			throw new IllegalArgumentException("The page has no '" + BEGIN + "' line followed by '" + END + "'");
		}
		return page.substring(0, begin + BEGIN.length()) + "\n" + tables(metadata) + page.substring(end);
	}

	/**
	 * Return one table per group of properties, named by the first two segments of their
	 * names ({@code authcache.cache}, ...) or by the first one when there are only two
	 * ({@code authcache}), groups and properties sorted by name.
	 * @param metadata the content of a {@code spring-configuration-metadata.json}
	 * @return the tables, each under a heading naming its group
	 */
	static String tables(String metadata) {
		Map<String, List<JsonNode>> groups = new TreeMap<>();
		for (JsonNode property : json.readTree(metadata).path("properties")) {
			groups.computeIfAbsent(group(property.path("name").asString()), (group) -> new ArrayList<>()).add(property);
		}
		StringBuilder tables = new StringBuilder();
		groups.forEach((group, properties) -> {
			tables.append("\n### `").append(group).append("`\n\n");
			tables.append("| Property | Default | Description |\n|---|---|---|\n");
			properties.stream()
				.sorted((left, right) -> left.path("name").asString().compareTo(right.path("name").asString()))
				.forEach((property) -> tables.append(row(property)));
		});
		return tables.append('\n').toString();
	}

	private static String group(String name) {
		String[] segments = name.split("\\.");
		return (segments.length > 2) ? segments[0] + "." + segments[1] : segments[0];
	}

	private static String row(JsonNode property) {
		String name = property.path("name").asString();
		if (property.path("type").asString().startsWith("java.util.Map<")) {
			name += ".*";
		}
		return "| `" + name + "` | " + defaultValue(property.path("defaultValue")) + " | " + cell(description(property))
				+ " |\n";
	}

	private static String defaultValue(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		String text = value.isArray() ? value.valueStream().map(JsonNode::asString).collect(Collectors.joining(","))
				: value.asString();
		return "`" + cell(text) + "`";
	}

	private static String description(JsonNode property) {
		String description = property.path("description").asString("");
		JsonNode deprecation = property.path("deprecation");
		if (deprecation.isMissingNode() && !property.path("deprecated").asBoolean(false)) {
			return description;
		}
		StringBuilder text = new StringBuilder("**Deprecated**");
		String reason = deprecation.path("reason").asString("");
		if (!reason.isEmpty()) {
			text.append(": ").append(reason);
		}
		String replacement = deprecation.path("replacement").asString("");
		if (!replacement.isEmpty()) {
			text.append(" Use `").append(replacement).append("`.");
		}
		return description.isEmpty() ? text.toString() : text.append(' ').append(description).toString();
	}

	private static String cell(String text) {
		return text.replaceAll("\\s+", " ").strip().replace("|", "\\|");
	}

}
