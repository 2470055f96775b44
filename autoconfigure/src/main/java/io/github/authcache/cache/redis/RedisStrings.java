/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keys and values between strings and the UTF-8 bytes Redis connections take, as a
 * {@code StringRedisTemplate} converts them, for the commands the stores send on a
 * connection directly.
 *
 * @author authcache authors
 */
final class RedisStrings {

	private RedisStrings() {
	}

	static byte[] raw(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	static byte[][] raw(List<String> values) {
		byte[][] raw = new byte[values.size()][];
		for (int i = 0; i < raw.length; i++) {
			raw[i] = raw(values.get(i));
		}
		return raw;
	}

	static @Nullable String string(byte @Nullable [] value) {
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	static List<@Nullable String> strings(@Nullable List<?> values) {
		List<@Nullable String> strings = new ArrayList<>((values != null) ? values.size() : 0);
		if (values != null) {
			for (Object value : values) {
				strings.add(string((byte[]) value));
			}
		}
		return strings;
	}

}
