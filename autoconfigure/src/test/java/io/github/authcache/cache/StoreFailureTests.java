/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StoreFailure#classify}, on the exception chains Spring Data Redis and
 * Jedis 7.5 throw.
 *
 * @author authcache authors
 */
class StoreFailureTests {

	@Test
	void classifyWhenPoolExhaustedThenBusy() {
		Throwable ex = new InvalidDataAccessApiUsageException("Could not get a resource from the pool",
				new JedisException("Could not get a resource from the pool",
						new NoSuchElementException("Timeout waiting for idle object, maxWaitDuration=PT0.2S")));
		assertThat(StoreFailure.classify(ex)).isEqualTo(StoreFailure.BUSY);
	}

	@Test
	void classifyWhenNewPooledConnectionFailedThenUnavailable() {
		NoSuchElementException cannotActivate = new NoSuchElementException("Unable to activate object");
		cannotActivate.initCause(new JedisConnectionException(new ConnectException("Connection refused")));
		Throwable ex = new JedisException("Could not get a resource from the pool", cannotActivate);
		assertThat(StoreFailure.classify(ex)).isEqualTo(StoreFailure.UNAVAILABLE);
	}

	@Test
	void classifyWhenReadTimedOutThenTimeout() {
		Throwable ex = new RedisConnectionFailureException("Read timed out",
				new JedisConnectionException(new SocketTimeoutException("Read timed out")));
		assertThat(StoreFailure.classify(ex)).isEqualTo(StoreFailure.TIMEOUT);
	}

	@Test
	void classifyWhenConnectTimedOutThenUnavailable() {
		Throwable ex = new RedisConnectionFailureException("Cannot connect",
				new JedisConnectionException(new SocketTimeoutException("Connect timed out")));
		assertThat(StoreFailure.classify(ex)).isEqualTo(StoreFailure.UNAVAILABLE);
	}

	@Test
	void classifyWhenRefusedOrErrorReplyThenUnavailable() {
		assertThat(StoreFailure.classify(new RedisConnectionFailureException("refused",
				new JedisConnectionException(new ConnectException("Connection refused")))))
			.isEqualTo(StoreFailure.UNAVAILABLE);
		assertThat(StoreFailure.classify(new JedisDataException("OOM command not allowed")))
			.isEqualTo(StoreFailure.UNAVAILABLE);
	}

}
