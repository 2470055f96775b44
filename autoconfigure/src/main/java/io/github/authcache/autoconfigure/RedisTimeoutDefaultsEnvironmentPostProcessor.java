/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.thread.Threading;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives Spring Boot's own {@code spring.data.redis.*} properties short defaults, so that
 * a Redis that is down, hung or failing over costs a lookup a fraction of a second rather
 * than Jedis' 2 s per command (and 10 s on a cluster), or a pool wait that never ends:
 * <ul>
 * <li>{@code spring.data.redis.timeout=200ms}: read (command) timeout; Jedis' default is
 * 2 s.</li>
 * <li>{@code spring.data.redis.connect-timeout=200ms}: connect timeout; Jedis' default is
 * 2 s.</li>
 * <li>{@code spring.data.redis.jedis.pool.max-active}: as many connections as the servlet
 * container runs requests at once ({@code server.tomcat.threads.max}, or
 * {@code server.jetty.threads.max}, 200 when neither is set), so that a burst never waits
 * for a connection; Spring Boot's default is 8. {@code max-idle} defaults to
 * {@code max-active}, so that the connections a burst opened are kept rather than closed
 * and opened again (Spring Boot's default is 8).</li>
 * <li>{@code spring.data.redis.jedis.pool.max-wait=200ms}: longest wait for a pooled
 * connection; commons-pool2's default ({@code -1}) waits forever. With virtual threads
 * ({@code spring.threads.virtual.enabled=true} on Java 21+) no thread pool bounds the
 * requests in flight, so the pool is the bound: it keeps the size above and the wait is
 * {@code 1s}, back-pressure that queues a burst rather than sending it to the identity
 * provider. A request that still finds no connection goes on without the store; that
 * never counts against Redis (see
 * {@code io.github.authcache.cache.StoreFailure#BUSY}).</li>
 * <li>{@code spring.data.redis.cluster.max-redirects=2}, only when
 * {@code spring.data.redis.cluster.nodes} is set: Jedis makes at most that many attempts
 * per command and gives up after attempts &times; timeout (400 ms) rather than 5 &times;
 * 2 s.</li>
 * </ul>
 * The defaults are a property source of the lowest precedence, added only for the
 * properties no other source sets, so a value the application sets anywhere (properties
 * or YAML files, the environment, the command line, default properties) always wins. They
 * apply to the application's whole Redis connection factory, which authcache shares;
 * nothing is added when {@code authcache.enabled=false}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class RedisTimeoutDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source that holds the defaults.
	 */
	public static final String PROPERTY_SOURCE_NAME = "authcacheRedisDefaults";

	private static final String CLUSTER_NODES = "spring.data.redis.cluster.nodes";

	/**
	 * The requests the servlet container runs at once, resolved when the pool is bound.
	 */
	private static final String CONCURRENCY = "${server.tomcat.threads.max:${server.jetty.threads.max:200}}";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("authcache.enabled", Boolean.class, true)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		addIfAbsent(environment, defaults, "spring.data.redis.timeout", "200ms");
		addIfAbsent(environment, defaults, "spring.data.redis.connect-timeout", "200ms");
		addIfAbsent(environment, defaults, "spring.data.redis.jedis.pool.max-active", CONCURRENCY);
		addIfAbsent(environment, defaults, "spring.data.redis.jedis.pool.max-idle",
				"${spring.data.redis.jedis.pool.max-active}");
		addIfAbsent(environment, defaults, "spring.data.redis.jedis.pool.max-wait",
				Threading.VIRTUAL.isActive(environment) ? "1s" : "200ms");
		if (environment.containsProperty(CLUSTER_NODES) || environment.containsProperty(CLUSTER_NODES + "[0]")) {
			addIfAbsent(environment, defaults, "spring.data.redis.cluster.max-redirects", "2");
		}
		if (!defaults.isEmpty() && !environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

	private static void addIfAbsent(ConfigurableEnvironment environment, Map<String, Object> defaults, String name,
			String value) {
		if (!environment.containsProperty(name)) {
			defaults.put(name, value);
		}
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
