/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Logs a warning at startup that lists the {@code authcache.*} keys of the environment
 * that no authcache property has (a typo such as {@code authcache.kratos.base-uri} would
 * otherwise be ignored silently). The known properties are those of the configuration
 * metadata the starter ships. A warning, not a failure: a key of a newer version of the
 * starter must not stop an application.
 *
 * @author authcache authors
 */
final class UnknownPropertiesReporter implements InitializingBean {

	/**
	 * Where the configuration metadata is read from, in every jar.
	 */
	static final String CONFIGURATION_METADATA = "META-INF/spring-configuration-metadata.json";

	private static final Log logger = LogFactory.getLog(UnknownPropertiesReporter.class);

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("authcache");

	private final Environment environment;

	UnknownPropertiesReporter(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		Set<String> unknown = unknownKeys();
		if (!unknown.isEmpty()) {
			logger.warn("Unknown authcache properties, ignored (check their spelling against the property "
					+ "reference, docs/configuration.md): " + String.join(", ", unknown));
		}
	}

	/**
	 * Return the {@code authcache.*} keys no authcache property has.
	 * @return the keys, sorted
	 */
	Set<String> unknownKeys() {
		Set<String> known = new HashSet<>();
		Set<ConfigurationPropertyName> maps = new HashSet<>();
		for (JsonNode property : metadata()) {
			String name = property.path("name").asString("");
			known.add(name);
			if (property.path("type").asString("").startsWith("java.util.Map")) {
				maps.add(ConfigurationPropertyName.of(name));
			}
		}
		Set<String> unknown = new TreeSet<>();
		if (known.isEmpty()) {
			return unknown;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(ROOT::isAncestorOf).forEach((name) -> {
					ConfigurationPropertyName property = name;
					while (property.isLastElementIndexed()) {
						property = property.getParent();
					}
					ConfigurationPropertyName owner = property;
					if (!known.contains(owner.toString())
							&& maps.stream().noneMatch((map) -> map.isAncestorOf(owner))) {
						unknown.add(name.toString());
					}
				});
			}
		}
		return unknown;
	}

	private static List<JsonNode> metadata() {
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> properties = new ArrayList<>();
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver()
				.getResources(ResourcePatternResolver.CLASSPATH_ALL_URL_PREFIX + CONFIGURATION_METADATA);
			for (Resource resource : resources) {
				try (InputStream input = resource.getInputStream()) {
					json.readTree(input).path("properties").forEach(properties::add);
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Could not read the configuration metadata; unknown properties are not reported", ex);
			return List.of();
		}
		return properties;
	}

}
