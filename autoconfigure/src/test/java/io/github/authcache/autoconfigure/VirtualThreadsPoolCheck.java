/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/**
 * Prints the Jedis pool the auto-configuration gives authcache's own client with
 * {@code spring.threads.virtual.enabled=true}, and the Java version it ran on.
 * {@link RedisPoolDefaultsTests} runs it in a JVM of a Java 21+ runtime when the build
 * runs on an older one (so this class and its {@code main} are public).
 *
 * @author authcache authors
 */
public final class VirtualThreadsPoolCheck {

	private VirtualThreadsPoolCheck() {
	}

	/**
	 * Print the pool.
	 * @param args ignored
	 */
	public static void main(String[] args) {
		RedisPoolDefaultsTests.runner().withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			GenericObjectPoolConfig<?> pool = RedisPoolDefaultsTests
				.pool(RedisPoolDefaultsTests.authCacheConnectionFactory(context));
			System.out.println("Java " + Runtime.version() + ": maxTotal=" + pool.getMaxTotal() + " maxWait="
					+ pool.getMaxWaitDuration());
		});
	}

}
