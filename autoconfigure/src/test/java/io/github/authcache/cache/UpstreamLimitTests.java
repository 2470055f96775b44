/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.authcache.autoconfigure.AuthCacheAutoConfiguration;
import io.github.authcache.autoconfigure.AuthCacheResolverAutoConfiguration;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the limit on concurrent upstream calls of {@link CredentialCache} on the
 * paths a web test does not reach easily: a store that does not answer, and a refresh of
 * a cached entry for a lookup with a maximum age. The cache as the auto-configuration
 * wires it ({@code authcache.upstream.max-concurrent-calls}), on a real redis-server and
 * the Ory stub.
 *
 * @author authcache authors
 */
class UpstreamLimitTests {

	private static final int LIMIT = 2;

	private final RedisServer redis = RedisServer.startDefault();

	private final OryStub ory = OryStub.start();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class))
		.withBean(MeterRegistry.class, () -> this.meters)
		.withPropertyValues(CacheData.SECRET_PROPERTY, "spring.data.redis.client-type=jedis",
				"spring.data.redis.port=" + this.redis.port(),
				"authcache.kratos.base-url=" + this.ory.kratosPublicUrl(), "authcache.upstream.read-timeout=30s",
				"authcache.upstream.max-concurrent-calls=" + LIMIT);

	private @Nullable CredentialCache cache;

	@AfterEach
	void tearDown() {
		this.ory.reset();
		this.threads.shutdownNow();
		this.ory.close();
		this.redis.close();
	}

	@Test
	void lookupWhenStoreDownAndLimitReachedThenRefusedAtOnce() {
		run(() -> {
			this.redis.stop();
			List<Future<CacheLookup>> held = holdCalls(LIMIT);
			assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> lookup(session(), null))
				.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(1)));
			assertThat(held).noneMatch(Future::isDone);
			releaseAndAssertAuthenticated(held);
			assertThat(rejected()).isEqualTo(1);
		});
	}

	@Test
	void lookupWhenEntryTooOldForTheCallerAndLimitReachedThenRefreshRefused() {
		run(() -> {
			Credential cached = session();
			assertThat(lookup(cached, null)).isInstanceOf(CacheLookup.Authenticated.class);
			List<Future<CacheLookup>> held = holdCalls(LIMIT);
			assertThatExceptionOfType(UpstreamUnavailableException.class)
				.isThrownBy(() -> lookup(cached, Duration.ZERO));
			assertThat(lookup(cached, null)).as("a hit takes no permit").isInstanceOf(CacheLookup.Authenticated.class);
			releaseAndAssertAuthenticated(held);
			assertThat(rejected()).isEqualTo(1);
		});
	}

	@Test
	void lookupWhenManyWaitOnOneCredentialThenTheyTakeOnePermit() {
		run(() -> {
			this.ory.hang();
			Credential shared = session();
			List<Future<CacheLookup>> held = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				held.add(this.threads.submit(() -> lookup(shared, null)));
			}
			awaitInFlight(1);
			held.add(this.threads.submit(() -> lookup(session(), null)));
			awaitInFlight(LIMIT);
			releaseAndAssertAuthenticated(held);
			assertThat(rejected()).isZero();
			assertThat(this.ory.whoamiCalls()).isEqualTo(LIMIT);
		});
	}

	private List<Future<CacheLookup>> holdCalls(int count) throws InterruptedException {
		this.ory.hang();
		List<Future<CacheLookup>> held = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Credential credential = session();
			held.add(this.threads.submit(() -> lookup(credential, null)));
		}
		awaitInFlight(count);
		return held;
	}

	private void releaseAndAssertAuthenticated(List<Future<CacheLookup>> held) throws Exception {
		assertThat(this.ory.maxRequestsInFlight()).isLessThanOrEqualTo(LIMIT);
		this.ory.reset();
		for (Future<CacheLookup> lookup : held) {
			assertThat(lookup.get(10, TimeUnit.SECONDS)).isInstanceOf(CacheLookup.Authenticated.class);
		}
	}

	private void awaitInFlight(int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.ory.requestsInFlight() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.ory.requestsInFlight()).isEqualTo(count);
	}

	private void run(Executable test) {
		this.runner.run((context) -> {
			this.cache = context.getBean(CredentialCache.class);
			test.execute();
		});
	}

	private CacheLookup lookup(Credential credential, @Nullable Duration maxAge) {
		assertThat(this.cache).as("the cache of the context").isNotNull();
		return this.cache.lookup(credential, maxAge);
	}

	private Credential session() {
		KratosSessionSpec session = this.ory.registerSession();
		return new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
	}

	private double rejected() {
		return this.meters.get(MicrometerAuthCacheMetrics.UPSTREAM_REJECTED).tag("kind", "session").counter().count();
	}

}
