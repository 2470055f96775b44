/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link JedisHostnameVerificationException}: which Jedis is on the classpath,
 * why it is there (Spring Boot's dependency management wins over the starter's), and how
 * to get the Jedis the starter needs.
 *
 * @author authcache authors
 */
class JedisHostnameVerificationFailureAnalyzer extends AbstractFailureAnalyzer<JedisHostnameVerificationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, JedisHostnameVerificationException cause) {
		String description = "Redis connections use TLS, but the Jedis on the classpath (" + cause.getJedisVersion()
				+ ") does not verify the Redis server's host name, so any server with a certificate from a trusted CA "
				+ "could pose as your Redis. authcache needs Jedis 7.5.0 or later; Spring Boot's dependency "
				+ "management (its parent or BOM) selects an older one.";
		String action = "Use the Jedis version authcache manages: import the io.github.authcache:"
				+ "authcache-dependencies BOM before spring-boot-dependencies (Maven dependencyManagement or a Gradle "
				+ "platform), or, with spring-boot-starter-parent, set the property jedis.version to 7.5.3 "
				+ "(Gradle with the dependency-management plugin: ext['jedis.version'] = '7.5.3'). To accept TLS "
				+ "connections without host name verification instead, set authcache.redis.verify-hostname=false.";
		return new FailureAnalysis(description, action, cause);
	}

}
