/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

/**
 * Thrown at startup when Redis connections use TLS and the Jedis on the classpath cannot
 * verify the server's host name. {@link JedisHostnameVerificationFailureAnalyzer}
 * explains the fix.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class JedisHostnameVerificationException extends IllegalStateException {

	private final String jedisVersion;

	/**
	 * Create an exception.
	 * @param jedisVersion the version of the Jedis on the classpath
	 */
	public JedisHostnameVerificationException(String jedisVersion) {
		super("Redis connections use TLS, but Jedis " + jedisVersion
				+ " does not verify the server's host name (Jedis does from 7.5.0)");
		this.jedisVersion = jedisVersion;
	}

	/**
	 * Return the version of the Jedis on the classpath.
	 * @return the version
	 */
	public String getJedisVersion() {
		return this.jedisVersion;
	}

}
