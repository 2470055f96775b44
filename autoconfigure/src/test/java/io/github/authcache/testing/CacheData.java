/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import redis.clients.jedis.Jedis;

/**
 * Clears what a test left in Redis without making it look like Redis lost its data: the
 * epoch key stays, so the starter's epoch check does not stop trusting the cache.
 *
 * @author authcache authors
 */
public final class CacheData {

	/**
	 * The cache secret the tests' applications run with (the starter requires one).
	 */
	public static final String SECRET_PROPERTY = "authcache.cache.secret=test-only-value-of-at-least-32-bytes-0123456789";

	private static final String CLEAR = """
			for _, key in ipairs(redis.call('KEYS', '*')) do
				if key ~= 'authcache:epoch' then redis.call('DEL', key) end
			end
			return 1
			""";

	private CacheData() {
	}

	public static void clear(Jedis jedis) {
		jedis.eval(CLEAR);
	}

}
