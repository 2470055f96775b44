/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisTopology;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover while requests run (G8, G11): the master that holds the cached entries is
 * killed with {@code SIGKILL} while four threads authenticate. No lookup may fail that
 * the upstream accepts, and once a replica was promoted the cache must be used again: the
 * upstream call count for the repeated credentials stops growing. Lookup latency is
 * measured and printed; the starter's own short Redis timeouts and circuit breaker are
 * not assumed here.
 *
 * @author authcache authors
 */
@ParameterizedClass(name = "{0}")
@EnumSource(names = { "SENTINEL", "CLUSTER" })
class FailoverTests {

	private static final int THREADS = 4;

	private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(30);

	private static final OryStub ory = OryStub.start();

	private static @Nullable RunningTopology redis;

	@Parameter
	private RedisTopology topology;

	@BeforeParameterizedClassInvocation
	static void startRedis(RedisTopology topology) {
		redis = RunningTopology.start(topology);
	}

	@AfterParameterizedClassInvocation
	static void stopRedis() {
		if (redis != null) {
			redis.close();
			redis = null;
		}
	}

	@AfterAll
	static void stopOry() {
		ory.close();
	}

	@Test
	void lookupsWhileTheMasterFailsOverThenEveryLookupAuthenticatesAndCachingResumes() {
		RunningTopology redis = FailoverTests.redis;
		assertThat(redis).isNotNull();
		redis.flushAll();
		ory.reset();
		ory.clearState();
		ory.resetCounters();
		Starter.runner(redis, ory).run((context) -> {
			Starter starter = new Starter(context);
			List<Credential> credentials = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				KratosSessionSpec session = ory.registerSession();
				credentials.add(new Credential(CredentialType.SESSION_TOKEN, session.requiredToken()));
			}
			credentials.forEach((credential) -> assertThat(starter.lookup(credential))
				.isInstanceOf(CacheLookup.Authenticated.class));
			credentials.forEach(starter::lookup);
			assertThat(ory.whoamiCalls()).as("one upstream call per credential before the failover").isEqualTo(THREADS);
			assertThat(starter.recorder().failures()).isEmpty();
			ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
			ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService executor = Executors.newFixedThreadPool(THREADS);
			try {
				List<Future<?>> workers = new ArrayList<>();
				for (Credential credential : credentials) {
					workers.add(executor.submit(() -> {
						while (running.get()) {
							long start = System.nanoTime();
							try {
								CacheLookup lookup = starter.lookup(credential);
								if (!(lookup instanceof CacheLookup.Authenticated)) {
									failures.add(lookup.toString());
								}
							}
							catch (RuntimeException ex) {
								failures.add(ex.toString());
							}
							samples.add(new Sample(start, System.nanoTime() - start));
							sleep(5);
						}
					}));
				}
				sleep(300);
				long killed = System.nanoTime();
				String failover = redis.killMasterOfAndAwaitFailover(starter.entryKey(credentials.get(0)));
				long failedOver = System.nanoTime();
				List<String> storeFailures = starter.recorder().failures();
				int callsAtFailover = ory.whoamiCalls();
				AtomicInteger last = new AtomicInteger(-1);
				Awaitility.await("caching to resume on the new master")
					.atMost(RESUME_TIMEOUT)
					.pollInterval(Duration.ofSeconds(1))
					.until(() -> last.getAndSet(ory.whoamiCalls()) == ory.whoamiCalls());
				long resumed = System.nanoTime();
				int callsAtResume = ory.whoamiCalls();
				starter.recorder().clear();
				sleep(1000);
				running.set(false);
				for (Future<?> worker : workers) {
					worker.get(30, TimeUnit.SECONDS);
				}
				System.out.printf(
						"FAILOVER %s: %s; failover took %d ms; caching stable again %d ms later; %d lookups; "
								+ "max lookup latency %d ms before the kill, %d ms for lookups started during "
								+ "the failover, %d ms after it; %d failed store calls; "
								+ "upstream calls %d before, %d at failover, %d at resume, %d at end%n",
						this.topology, failover, millis(failedOver - killed), millis(resumed - failedOver),
						samples.size(), maxMillis(samples, Long.MIN_VALUE, killed),
						maxMillis(samples, killed, failedOver), maxMillis(samples, failedOver, Long.MAX_VALUE),
						storeFailures.size(), THREADS, callsAtFailover, callsAtResume, ory.whoamiCalls());
				storeFailures.stream()
					.map((failure) -> failure.replaceAll("[0-9]{2,}", "N"))
					.distinct()
					.limit(5)
					.forEach((failure) -> System.out
						.println("FAILOVER " + this.topology + " store failure: " + failure));
				assertThat(failures).as("lookups the upstream would have accepted").isEmpty();
				assertThat(ory.whoamiCalls()).as("upstream calls once caching resumed").isEqualTo(callsAtResume);
				assertThat(starter.recorder().failures()).as("failed store calls after the failover").isEmpty();
			}
			finally {
				running.set(false);
				executor.shutdownNow();
			}
		});
	}

	private static long maxMillis(ConcurrentLinkedQueue<Sample> samples, long from, long to) {
		return millis(samples.stream()
			.filter((sample) -> sample.start() >= from && sample.start() < to)
			.mapToLong(Sample::nanos)
			.max()
			.orElse(0));
	}

	private static long millis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Sample(long start, long nanos) {

	}

}
