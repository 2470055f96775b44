/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for a Redis that answers reads but takes no writes ({@code CLIENT PAUSE WRITE},
 * as {@code FAILOVER} does), on a real {@code redis-server} with the auto-configured
 * beans and the default timeouts (200 ms) and breaker settings: the writes' circuit
 * opens, so misses stop waiting for their write, while hits are still read from Redis.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = WriteStallTests.TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WriteStallTests {

	private static final int MAX_MISSES_BEFORE_OPEN = 20;

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	@Autowired
	private CredentialCache cache;

	@Autowired
	private StoreCircuitBreakers circuitBreakers;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("authcache.kratos.base-url", ory::kratosPublicUrl);
		registry.add("authcache.upstream.read-timeout", () -> "2s");
	}

	@BeforeEach
	void setUp() {
		try (Jedis jedis = redis.jedis()) {
			CacheData.clear(jedis);
		}
		ory.reset();
		ory.clearState();
		resetCircuits();
	}

	@AfterEach
	void unpause() {
		try (Jedis jedis = redis.jedis()) {
			jedis.clientUnpause();
		}
		resetCircuits();
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void lookupsWhenRedisTakesNoWritesThenTheWritesCircuitOpensAndHitsAreStillCached() throws Exception {
		List<Credential> cached = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Credential credential = session();
			assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
			cached.add(credential);
		}
		ory.resetCounters();
		CircuitBreaker writes = this.circuitBreakers.cacheWrites();
		AtomicBoolean stopped = new AtomicBoolean();
		AtomicInteger hits = new AtomicInteger();
		int misses = 0;
		try (Jedis admin = redis.jedis()) {
			admin.clientPause(30_000, ClientPauseMode.WRITE);
			// Reads flow meanwhile: each miss's write times out while hits complete
			CompletableFuture<Void> reads = CompletableFuture.runAsync(() -> {
				while (!stopped.get()) {
					for (Credential credential : cached) {
						assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
						hits.incrementAndGet();
					}
				}
			});
			while (writes.getState() != CircuitBreaker.State.OPEN) {
				assertThat(misses).as("misses before the writes' circuit opens").isLessThan(MAX_MISSES_BEFORE_OPEN);
				assertThat(this.cache.lookup(session(), null)).isInstanceOf(CacheLookup.Authenticated.class);
				misses++;
			}
			long notPermitted = writes.getMetrics().getNumberOfNotPermittedCalls();
			int attempted = writes.getMetrics().getNumberOfBufferedCalls();
			for (int i = 0; i < 3; i++) {
				assertThat(this.cache.lookup(session(), null)).isInstanceOf(CacheLookup.Authenticated.class);
			}
			stopped.set(true);
			reads.get(10, TimeUnit.SECONDS);
			assertThat(writes.getMetrics().getNumberOfNotPermittedCalls() - notPermitted)
				.as("one write refused per later miss")
				.isEqualTo(3);
			assertThat(writes.getMetrics().getNumberOfBufferedCalls()).as("no write attempted").isEqualTo(attempted);
		}
		assertThat(hits).hasPositiveValue();
		assertThat(ory.whoamiCalls()).as("only the misses went upstream: the hits were read from Redis")
			.isEqualTo(misses + 3);
		assertThat(this.circuitBreakers.cache().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	private static Credential session() {
		return new Credential(CredentialType.SESSION_TOKEN, ory.registerSession().requiredToken());
	}

	private void resetCircuits() {
		this.circuitBreakers.cache().reset();
		this.circuitBreakers.cacheWrites().reset();
		this.circuitBreakers.revocation().reset();
		this.circuitBreakers.revocationWrites().reset();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
