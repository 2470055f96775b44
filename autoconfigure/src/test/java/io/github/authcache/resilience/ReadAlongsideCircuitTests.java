/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.Revocations;
import io.github.authcache.cache.StoreFailure;
import io.github.authcache.cache.TtlPolicy;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.ReadingStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An entry read while its marks are read from a revocation Redis of their own
 * ({@link Revocations#read}): each store's failure counts against its own circuit breaker
 * only, and an open revocation circuit skips both reads.
 *
 * @author authcache authors
 */
@ExtendWith(RealServersExtension.class)
class ReadAlongsideCircuitTests {

	private static final String ENTRY_KEY = "authcache:session:entry";

	private final RedisServer redis;

	private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("authcache-revocation");

	ReadAlongsideCircuitTests(RedisServer redis) {
		this.redis = redis;
	}

	@Test
	void readWhenTheEntryReadFailsThenTheRevocationCircuitRecordsNoFailure() {
		withRevocations((revocations) -> {
			CacheStoreException down = new CacheStoreException("entries' Redis down", StoreFailure.UNAVAILABLE,
					new IllegalStateException());
			AtomicInteger reads = new AtomicInteger();
			AuthCacheStore entries = new ReadingStore((key) -> {
				reads.incrementAndGet();
				throw down;
			});
			assertThatExceptionOfType(CacheStoreException.class)
				.isThrownBy(() -> revocations.read(entries, ENTRY_KEY, List.of("authcache:revoked:session:entry")))
				.isSameAs(down);
			assertThat(reads).hasValue(1);
			assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
			assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isOne();
		});
	}

	@Test
	void readWhenTheRevocationCircuitIsOpenThenTheEntryIsNotReadEither() {
		withRevocations((revocations) -> {
			this.breaker.transitionToOpenState();
			AtomicInteger reads = new AtomicInteger();
			AuthCacheStore entries = new ReadingStore((key) -> {
				reads.incrementAndGet();
				return null;
			});
			assertThatExceptionOfType(CacheStoreException.class)
				.isThrownBy(() -> revocations.read(entries, ENTRY_KEY, List.of("authcache:revoked:session:entry")))
				.satisfies((ex) -> assertThat(ex.getFailure()).isEqualTo(StoreFailure.CIRCUIT_OPEN));
			assertThat(reads).hasValue(0);
		});
	}

	private void withRevocations(Consumer<Revocations> test) {
		JedisConnectionFactory factory = new JedisConnectionFactory(
				new RedisStandaloneConfiguration(this.redis.host(), this.redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		try {
			Revocations revocations = new Revocations(
					new CircuitBreakingRevocationStore(new RedisRevocationStore(new StringRedisTemplate(factory)),
							this.breaker),
					new CacheKeys("authcache:", null),
					new TtlPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(5)));
			revocations.setMarksReadAlongsideEntries(true);
			test.accept(revocations);
		}
		finally {
			factory.destroy();
		}
	}

}
