/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.Revocations;
import io.github.authcache.cache.TtlPolicy;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * The latency of a hot credential's requests whose entry expires during the run, without
 * and with refresh-ahead, measured side by side: two caches on one Redis and one Ory stub
 * (30 ms per call), each with a session of its own, a 1 s TTL (refresh-after 500 ms for
 * the second), one request to each every 20 ms, alternating. Without refresh-ahead about
 * one request in 50 pays the identity provider's latency; with it none should. Prints a
 * Markdown table. Run from {@code benchmarks/} after a {@code -Pbenchmarks} build:
 * {@code java -cp target/classes:<classpath> io.github.authcache.benchmarks.RefreshAheadLatency}.
 *
 * @author authcache authors
 */
public final class RefreshAheadLatency {

	private static final Duration TTL = Duration.ofSeconds(1);

	private static final Duration UPSTREAM_LATENCY = Duration.ofMillis(30);

	private static final int REQUESTS = Integer.getInteger("benchmarks.requests", 1500);

	private RefreshAheadLatency() {
	}

	public static void main(String[] args) throws Exception {
		ExecutorService background = Executors.newCachedThreadPool();
		try (RedisServer redis = RedisServer.builder().start(); OryStub ory = OryStub.start()) {
			ory.latency(UPSTREAM_LATENCY);
			JedisConnectionFactory connectionFactory = Fixtures.connectionFactory(redis, 8);
			SimpleMeterRegistry withoutMeters = new SimpleMeterRegistry();
			SimpleMeterRegistry withMeters = new SimpleMeterRegistry();
			CredentialCache without = cache(ory, connectionFactory, Duration.ZERO, withoutMeters);
			CredentialCache with = cache(ory, connectionFactory, TTL.dividedBy(2), withMeters);
			with.setRefreshExecutor(background);
			Credential withoutSession = new Credential(CredentialType.SESSION_TOKEN,
					ory.registerSession().requiredToken());
			Credential withSession = new Credential(CredentialType.SESSION_TOKEN,
					ory.registerSession().requiredToken());
			long[] withoutNanos = new long[REQUESTS];
			long[] withNanos = new long[REQUESTS];
			for (int i = 0; i < REQUESTS; i++) {
				if (i % 2 == 0) {
					withoutNanos[i] = time(without, withoutSession);
					withNanos[i] = time(with, withSession);
				}
				else {
					withNanos[i] = time(with, withSession);
					withoutNanos[i] = time(without, withoutSession);
				}
				Thread.sleep(20);
			}
			connectionFactory.destroy();
			System.out.println("| refresh-ahead | requests | p50 µs | p99 µs | max µs | upstream calls | refreshes |");
			System.out.println("|---|---:|---:|---:|---:|---:|---:|");
			row("off", withoutNanos, withoutMeters);
			row("on (500 ms)", withNanos, withMeters);
			System.out.printf("p99 ratio off/on: %.1fx%n",
					percentile(withoutNanos, 0.99) / percentile(withNanos, 0.99));
		}
		finally {
			background.shutdownNow();
		}
	}

	private static CredentialCache cache(OryStub ory, JedisConnectionFactory connectionFactory, Duration refreshAfter,
			SimpleMeterRegistry meters) {
		TtlPolicy ttlPolicy = new TtlPolicy(TTL, TTL, Fixtures.NEGATIVE_TTL);
		ttlPolicy.setRefreshAfter(refreshAfter);
		Revocations revocations = Fixtures.revocations(connectionFactory, TTL);
		CredentialCache cache = Fixtures.credentialCache(ory, connectionFactory, ttlPolicy, Fixtures.KEYS, revocations);
		cache.setMetrics(new MicrometerAuthCacheMetrics(meters));
		return cache;
	}

	private static long time(CredentialCache cache, Credential credential) {
		long start = System.nanoTime();
		CacheLookup lookup = cache.lookup(credential, null);
		long nanos = System.nanoTime() - start;
		if (!(lookup instanceof CacheLookup.Authenticated)) {
			throw new IllegalStateException("Not authenticated: " + lookup);
		}
		return nanos;
	}

	private static void row(String name, long[] nanos, SimpleMeterRegistry meters) {
		long upstreamCalls = meters.get(MicrometerAuthCacheMetrics.UPSTREAM)
			.tag("kind", "session")
			.tag("outcome", "active")
			.timer()
			.count();
		double refreshes = meters.get(MicrometerAuthCacheMetrics.REFRESH)
			.tag("kind", "session")
			.tag("result", "active")
			.counter()
			.count();
		System.out.printf("| %s | %d | %.0f | %.0f | %.0f | %d | %.0f |%n", name, nanos.length,
				percentile(nanos, 0.5) / 1000, percentile(nanos, 0.99) / 1000, percentile(nanos, 1.0) / 1000,
				upstreamCalls, refreshes);
	}

	private static double percentile(long[] nanos, double percentile) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percentile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

}
