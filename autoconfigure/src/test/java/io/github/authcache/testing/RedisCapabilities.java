/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import io.github.authcache.test.redis.RedisBinary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the {@code redis-server} the tests use can do, and whether a test that needs more
 * may skip: only a locally built binary or the {@code embedded-redis} fallback (Redis
 * 6.2, no TLS) may lack a capability. In CI ({@code CI} set) and with a
 * {@code redis-server} installed under {@code /usr} (a distribution package such as
 * Debian's) a missing capability fails the test instead of skipping it.
 *
 * @author authcache authors
 */
public final class RedisCapabilities {

	private RedisCapabilities() {
	}

	/**
	 * Skip the calling test when the binary lacks TLS, or fail it when skipping is not an
	 * option.
	 */
	public static void requireTls() {
		RedisBinary binary = RedisBinary.detect();
		require(binary.supportsTls(), binary + " was built without TLS");
	}

	/**
	 * Skip the calling test when the binary is older than Redis 7, or fail it when
	 * skipping is not an option.
	 */
	public static void requireRedis7() {
		RedisBinary binary = RedisBinary.detect();
		require(majorVersion(binary.version()) >= 7, binary + " is Redis " + binary.version() + ", not 7 or later");
	}

	private static void require(boolean capable, String reason) {
		if (mustRun()) {
			assertThat(capable).as("%s; in CI and with a distribution's redis-server this test must run", reason)
				.isTrue();
		}
		assumeTrue(capable, reason);
	}

	private static boolean mustRun() {
		String ci = System.getenv("CI");
		return (ci != null && !ci.isEmpty() && !"false".equalsIgnoreCase(ci))
				|| RedisBinary.detect().path().toAbsolutePath().startsWith("/usr/");
	}

	private static int majorVersion(String version) {
		try {
			return Integer.parseInt(version.split("\\.")[0]);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
