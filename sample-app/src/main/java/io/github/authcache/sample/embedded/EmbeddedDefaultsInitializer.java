/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample.embedded;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Makes the sample run with no infrastructure: before the context is refreshed (so after
 * {@code application.yml}, environment variables and command-line arguments are read), it
 * starts what is not configured and points the application at it.
 * <ul>
 * <li>No {@code spring.data.redis.host} (nor {@code url}, {@code sentinel.nodes},
 * {@code cluster.nodes}): a {@code redis-server} on a free loopback port
 * ({@link EmbeddedRedis}), and a random {@code authcache.cache.secret} unless one is
 * set.</li>
 * <li>No identity provider at all (none of {@code authcache.kratos.base-url},
 * {@code authcache.introspection.uri}, {@code authcache.jwt.jwk-set-uri}, nor Spring
 * Security's {@code spring.security.oauth2.resourceserver.*} equivalents): the
 * {@link DemoIdentityProvider}, and {@code server.address=127.0.0.1} unless set, because
 * the demo credentials are public. With any of them set the demo credentials are never
 * accepted.</li>
 * </ul>
 * Both are singletons of the context, stopped when it closes (or fails to start). It is
 * registered in {@code META-INF/spring.factories}, so it applies to {@code main} and to
 * {@code @SpringBootTest} alike.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class EmbeddedDefaultsInitializer
		implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

	/**
	 * Name of the property source holding the embedded parts' addresses.
	 */
	public static final String PROPERTY_SOURCE_NAME = "authcacheSampleEmbeddedDefaults";

	private static final Log logger = LogFactory.getLog(EmbeddedDefaultsInitializer.class);

	private static final List<String> REDIS_PROPERTIES = List.of("spring.data.redis.host", "spring.data.redis.url",
			"spring.data.redis.sentinel.nodes", "spring.data.redis.cluster.nodes");

	private static final List<String> IDENTITY_PROVIDER_PROPERTIES = List.of("authcache.kratos.base-url",
			"authcache.introspection.uri", "authcache.jwt.jwk-set-uri",
			"spring.security.oauth2.resourceserver.opaquetoken.introspection-uri",
			"spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
			"spring.security.oauth2.resourceserver.jwt.issuer-uri",
			"spring.security.oauth2.resourceserver.jwt.public-key-location");

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (context.getParent() != null) {
			return;
		}
		ConfigurableEnvironment environment = context.getEnvironment();
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		Assert.state(beanFactory instanceof DefaultSingletonBeanRegistry,
				"The bean factory must be a DefaultSingletonBeanRegistry");
		DefaultSingletonBeanRegistry registry = (DefaultSingletonBeanRegistry) beanFactory;
		Map<String, Object> properties = new LinkedHashMap<>();
		EmbeddedRedis redis = null;
		if (noneSet(environment, REDIS_PROPERTIES)) {
			redis = EmbeddedRedis.start();
			register(beanFactory, registry, "authcacheSampleRedisServer", redis);
			properties.put("spring.data.redis.host", redis.host());
			properties.put("spring.data.redis.port", redis.port());
			logger.info(LogMessage.format("Started an embedded redis-server on %s", redis));
			if (!environment.containsProperty("authcache.cache.secret")) {
				properties.put("authcache.cache.secret", randomSecret());
			}
		}
		if (noneSet(environment, IDENTITY_PROVIDER_PROPERTIES)) {
			String cookieName = environment.getProperty("authcache.kratos.cookie-name", "ory_kratos_session");
			DemoIdentityProvider demo;
			try {
				demo = DemoIdentityProvider.start(cookieName);
			}
			catch (RuntimeException ex) {
				// The context is not active yet, so closing it would not stop Redis
				if (redis != null) {
					redis.close();
				}
				throw ex;
			}
			register(beanFactory, registry, "authcacheSampleDemoIdentityProvider", demo);
			properties.put("authcache.kratos.base-url", demo.baseUrl());
			properties.put("authcache.introspection.uri", demo.introspectionUri());
			properties.put("authcache.kratos.admin-url", demo.baseUrl());
			properties.put("authcache.introspection.revocation-uri", demo.revocationUri());
			if (!environment.containsProperty("server.address")) {
				properties.put("server.address", "127.0.0.1");
			}
			context.addApplicationListener(new DemoCommandsLogger(demo));
			logger.info(LogMessage.format(
					"Started the demo identity provider (answers like Ory Kratos and Hydra) on %s", demo.baseUrl()));
		}
		if (!properties.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		}
	}

	/**
	 * A cache secret for a Redis no other process shares: a new one per run, which only
	 * costs the cache entries of the previous run (the Redis is new too).
	 * @return 48 random bytes, Base64-encoded
	 */
	private static String randomSecret() {
		byte[] secret = new byte[48];
		new SecureRandom().nextBytes(secret);
		return Base64.getEncoder().encodeToString(secret);
	}

	private static boolean noneSet(ConfigurableEnvironment environment, List<String> names) {
		return names.stream().noneMatch(environment::containsProperty);
	}

	private static void register(ConfigurableListableBeanFactory beanFactory, DefaultSingletonBeanRegistry registry,
			String name, AutoCloseable instance) {
		beanFactory.registerSingleton(name, instance);
		registry.registerDisposableBean(name, instance::close);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
