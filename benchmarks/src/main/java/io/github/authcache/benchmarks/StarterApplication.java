/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.util.ArrayList;
import java.util.List;

import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisDeployment;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter as an application gets it, configured only through its properties: Spring
 * Boot's Redis auto-configuration pointed at a {@link RedisDeployment}, the Ory stub as
 * Kratos and as the introspection endpoint, and {@code authcache.cache.secret} set (the
 * starter requires one in production). Without a web server it is the source of the
 * starter's beans for the Redis-hit benchmarks; {@link LoadTestApplication} starts the
 * same way with Tomcat.
 *
 * @author authcache authors
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class StarterApplication {

	/**
	 * The {@code authcache.cache.secret} of every benchmark that runs the starter.
	 */
	static final String SECRET = "a-32-byte-secret-for-the-benchmark";

	/**
	 * Start an application on the starter.
	 * @param source the configuration class
	 * @param type the web application type
	 * @param redis the Redis deployment
	 * @param ory the upstream
	 * @param properties more properties
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(Class<?> source, WebApplicationType type, RedisDeployment redis,
			OryStub ory, String... properties) {
		List<String> all = new ArrayList<>(redis.properties());
		all.addAll(List.of("spring.main.banner-mode=off", "logging.level.root=WARN", "authcache.cache.secret=" + SECRET,
				"authcache.kratos.base-url=" + ory.kratosPublicUrl(),
				"authcache.introspection.uri=" + ory.introspectionUri(), "authcache.introspection.client-id=benchmark",
				"authcache.introspection.client-secret=benchmark-secret"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(source).web(type).properties(all.toArray(String[]::new)).run();
	}

}
