/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.util.Assert;

/**
 * Builds the connection factory of a Redis of its own for revocation state from a
 * {@code redis://} or {@code rediss://} URL.
 *
 * @author authcache authors
 */
final class RevocationRedisConnectionFactory {

	private RevocationRedisConnectionFactory() {
	}

	static JedisConnectionFactory create(URI url, Duration timeout) {
		Assert.isTrue("redis".equals(url.getScheme()) || "rediss".equals(url.getScheme()),
				"'authcache.revocation.redis-url' must be a redis:// or rediss:// URL");
		RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(url.getHost(),
				(url.getPort() > 0) ? url.getPort() : 6379);
		String userInfo = url.getRawUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			String password = decode((colon >= 0) ? userInfo.substring(colon + 1) : userInfo);
			if (colon > 0) {
				standalone.setUsername(decode(userInfo.substring(0, colon)));
			}
			standalone.setPassword(RedisPassword.of(password));
		}
		String path = url.getPath();
		if (path != null && path.length() > 1) {
			standalone.setDatabase(Integer.parseInt(path.substring(1)));
		}
		JedisClientConfiguration.JedisClientConfigurationBuilder client = JedisClientConfiguration.builder()
			.connectTimeout(timeout)
			.readTimeout(timeout);
		if ("rediss".equals(url.getScheme())) {
			client.useSsl();
		}
		return new JedisConnectionFactory(standalone, client.build());
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
