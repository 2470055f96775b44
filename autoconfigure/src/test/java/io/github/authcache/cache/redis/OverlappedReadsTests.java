/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.nio.charset.StandardCharsets;

import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link OverlappedReads} on a real redis-server.
 *
 * @author authcache authors
 */
class OverlappedReadsTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final byte[] KEY = "authcache:overlapped".getBytes(StandardCharsets.UTF_8);

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void repliesWhenMeanwhileFailsThenTheRepliesAreReadAndTheConnectionStaysUsable() {
		try (Jedis jedis = redis.jedis();
				Connection first = new Connection(redis.hostAndPort());
				Connection second = new Connection(redis.hostAndPort())) {
			jedis.set(KEY, "value".getBytes(StandardCharsets.UTF_8));
			try (OverlappedReads reads = new OverlappedReads()) {
				reads.open(first, false);
				reads.send(Protocol.Command.GET, KEY);
				reads.flush();
				reads.open(second, false);
				reads.send(Protocol.Command.GET, KEY);
				reads.send(Protocol.Command.GET, KEY);
				reads.flush();
				assertThatIllegalStateException().isThrownBy(() -> reads.replies(() -> {
					throw new IllegalStateException("meanwhile failed");
				}));
				assertThat(reads.repliesRead()).isEqualTo(2);
			}
			assertThat(first.isBroken()).isFalse();
			assertThat(second.isBroken()).isFalse();
			assertThat(first.executeCommand(Protocol.Command.PING)).isNotNull();
		}
	}

	/**
	 * A connection whose replies were not read must never serve another read: its next
	 * reply would be one meant for these reads.
	 */
	@Test
	void closeWhenRepliesWereNotReadThenTheConnectionIsBroken() {
		try (Connection connection = new Connection(redis.hostAndPort())) {
			try (OverlappedReads reads = new OverlappedReads()) {
				reads.open(connection, false);
				reads.send(Protocol.Command.GET, KEY);
				reads.flush();
			}
			assertThat(connection.isBroken()).isTrue();
		}
	}

}
