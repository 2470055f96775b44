/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.List;

import io.github.authcache.actuate.JedisVersion;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * {@link RuntimeHintsRegistrar} for what authcache reads reflectively or as resources at
 * run time, so an application built as a GraalVM native image behaves as on the JVM:
 * <ul>
 * <li>the binding of {@link AuthCacheProperties} and its nested groups, whichever way the
 * properties bean is registered;</li>
 * <li>the configuration metadata ({@code META-INF/spring-configuration-metadata.json}),
 * which the startup report reads to name unknown {@code authcache.*} properties;</li>
 * <li>Jedis's {@code pom.properties} ({@link JedisVersion#POM_PROPERTIES}), which tells
 * which Jedis verifies TLS host names;</li>
 * <li>{@code JedisConnectionFactory.isUseUnifiedJedis()}, which the Redis store calls
 * reflectively because Spring Data Redis 4.0 does not have it.</li>
 * </ul>
 * Registered in {@code META-INF/spring/aot.factories}. The invalidation messages need no
 * hint: they are read and written as JSON trees, never bound by reflection.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheRuntimeHints implements RuntimeHintsRegistrar {

	private static final String JEDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.jedis.JedisConnectionFactory";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(AuthCacheProperties.class).registerHints(hints, classLoader);
		hints.resources()
			.registerPattern(UnknownPropertiesReporter.CONFIGURATION_METADATA)
			.registerPattern(JedisVersion.POM_PROPERTIES);
		hints.reflection()
			.registerTypeIfPresent(classLoader, JEDIS_CONNECTION_FACTORY,
					(type) -> type.withMethod("isUseUnifiedJedis", List.of(), ExecutableMode.INVOKE));
	}

}
