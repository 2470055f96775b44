/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets an application that moves from {@code oauth2ResourceServer()} keep its Spring Boot
 * properties: each {@code spring.security.oauth2.resourceserver.*} setting authcache has
 * an equivalent of is used when the {@code authcache.*} one is unset.
 * <ul>
 * <li>{@code opaquetoken.introspection-uri}, {@code opaquetoken.client-id},
 * {@code opaquetoken.client-secret}: {@code authcache.introspection.uri},
 * {@code .client-id}, {@code .client-secret};</li>
 * <li>{@code jwt.jwk-set-uri}, {@code jwt.issuer-uri}, {@code jwt.audiences}:
 * {@code authcache.jwt.jwk-set-uri}, {@code .issuer}, {@code .required-audiences}.</li>
 * </ul>
 * The values are added as a property source of the lowest precedence, so every
 * {@code authcache.*} setting wins.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class ResourceServerPropertiesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source that holds the values taken from Spring Boot's resource
	 * server properties.
	 */
	public static final String PROPERTY_SOURCE_NAME = "authcacheResourceServerFallback";

	private static final String RESOURCE_SERVER = "spring.security.oauth2.resourceserver.";

	private static final Map<String, String> EQUIVALENTS = Map.of(RESOURCE_SERVER + "opaquetoken.introspection-uri",
			"authcache.introspection.uri", RESOURCE_SERVER + "opaquetoken.client-id",
			"authcache.introspection.client-id", RESOURCE_SERVER + "opaquetoken.client-secret",
			"authcache.introspection.client-secret", RESOURCE_SERVER + "jwt.jwk-set-uri", "authcache.jwt.jwk-set-uri",
			RESOURCE_SERVER + "jwt.issuer-uri", "authcache.jwt.issuer", RESOURCE_SERVER + "jwt.audiences",
			"authcache.jwt.required-audiences");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		Map<String, Object> fallbacks = new LinkedHashMap<>();
		EQUIVALENTS.forEach((springName, authCacheName) -> {
			if (isSet(binder, authCacheName) || !isSet(binder, springName)) {
				return;
			}
			// A list (the audiences, maybe indexed) as its elements separated by commas;
			// any other value as it is written
			String value = environment.getProperty(springName);
			fallbacks.put(authCacheName, (value != null) ? value
					: String.join(",", binder.bind(springName, Bindable.listOf(String.class)).get()));
		});
		if (!fallbacks.isEmpty() && !environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, fallbacks));
		}
	}

	private static boolean isSet(Binder binder, String name) {
		return binder.bind(name, Bindable.listOf(String.class)).isBound();
	}

	/**
	 * Run after the application's configuration files are loaded, so that the values they
	 * set are seen.
	 * @return the lowest precedence
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
