/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.metrics.LookupResult;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The burst run: warm credentials, a healthy real Redis, and 16, 64, 128 then 256
 * keep-alive connections (one client thread each) against an authenticated endpoint of
 * the {@link LoadTestApplication} ({@code /ac/hello}, authcache with Redis only) for a
 * fixed time per level. Reported per level: how often the store circuit opened, how many
 * calls reached the identity provider, how many lookups missed the cache (the other
 * upstream calls are background refreshes of entries older than the refresh-ahead age),
 * p50 and p99. The application runs with the starter's defaults (only Redis and the
 * upstream are set), and once more with the pool Spring Boot gives without the starter (8
 * connections, 8 idle) for comparison; on platform threads (Tomcat's 200) or, with
 * {@code virtual} (Java 21+), on virtual threads. Run it on its own:
 *
 * <pre>
 * ./mvnw -B -q -Pbenchmarks -pl benchmarks -am -DskipTests -Dbenchmarks.skip=true install
 * java -cp "$(cat benchmarks/target/classpath.txt)" io.github.authcache.benchmarks.BurstPhase [seconds] [virtual]
 * </pre>
 *
 * It prints a Markdown table.
 *
 * @author authcache authors
 */
public final class BurstPhase {

	private static final int[] LEVELS = { 16, 64, 128, 256 };

	private static final int TOKENS = 200;

	private static final int MAX_LATENCIES_PER_THREAD = 100_000;

	private BurstPhase() {
	}

	/**
	 * Run the bursts and print the table.
	 * @param args {@code [seconds per level] [virtual]}: 6 s and platform threads by
	 * default; {@code virtual} serves the requests on virtual threads
	 * ({@code spring.threads.virtual.enabled=true}, Java 21+)
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 6;
		boolean virtual = args.length > 1 && "virtual".equals(args[1]);
		String threads = virtual ? "virtual threads, " : "";
		String virtualThreads = "spring.threads.virtual.enabled=" + virtual;
		System.out.println("| pool | connections | requests | breaker opens | upstream calls | lookups missed "
				+ "| p50 ms | p99 ms | non-200 |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		run(threads + "starter defaults (200 connections)", seconds, virtualThreads);
		run(threads + "Spring Boot's pool (8 connections, 8 idle)", seconds, virtualThreads,
				"authcache.redis.pool.max-active=8", "authcache.redis.pool.max-idle=8");
	}

	private static void run(String label, int seconds, String... properties) throws Exception {
		try (RedisServer redis = RedisServer.startDefault(); OryStub ory = OryStub.start()) {
			ory.latency(Duration.ofMillis(30));
			List<String> tokens = new ArrayList<>();
			for (int i = 0; i < TOKENS; i++) {
				tokens.add(ory.registerToken(Fixtures.typicalToken()).token());
			}
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			try (ConfigurableApplicationContext app = start(redis, ory, meters, properties)) {
				int port = ((WebServerApplicationContext) app).getWebServer().getPort();
				CircuitBreaker breaker = app.getBean(StoreCircuitBreakers.class).cache();
				AtomicInteger opens = new AtomicInteger();
				breaker.getEventPublisher().onStateTransition((event) -> {
					if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
						opens.incrementAndGet();
					}
				});
				// Cache every credential once, then warm the JIT (16 connections, 5 s).
				// The
				// random picks of the warm-up alone leave some credentials cold on a
				// machine
				// short of CPU, and their first lookups would count as upstream calls of
				// the
				// first level.
				prime(port, tokens);
				burst(port, tokens, 16, 5);
				for (int level : LEVELS) {
					int opensBefore = opens.get();
					int upstreamBefore = ory.introspectCalls();
					double missesBefore = misses(meters);
					long[] result = burst(port, tokens, level, seconds);
					int errors = (int) result[result.length - 1];
					long[] latencies = Arrays.copyOf(result, result.length - 1);
					Arrays.sort(latencies);
					System.out.printf("| %s | %d | %d | %d | %d | %.0f | %.2f | %.2f | %d |%n", label, level,
							latencies.length, opens.get() - opensBefore, ory.introspectCalls() - upstreamBefore,
							misses(meters) - missesBefore, LoadPhase.percentile(latencies, 0.50),
							LoadPhase.percentile(latencies, 0.99), errors);
				}
			}
		}
	}

	/**
	 * Count the lookups that missed the cache (and so went upstream). The application has
	 * no meter registry of its own (no actuator), so the run gives it one.
	 * @param meters the application's registry
	 * @return the misses so far
	 */
	private static double misses(SimpleMeterRegistry meters) {
		return meters.find(MicrometerAuthCacheMetrics.LOOKUPS)
			.tag("result", LookupResult.MISS.tagValue())
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static void prime(int port, List<String> tokens) throws Exception {
		LoadPhase.runThreads(1, port, (client) -> {
			for (String token : tokens) {
				client.get("/ac/hello", token);
			}
			return null;
		}, 120);
	}

	private static ConfigurableApplicationContext start(RedisServer redis, OryStub ory, SimpleMeterRegistry meters,
			String... properties) {
		return new SpringApplicationBuilder(LoadTestApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"logging.level.root=WARN", "logging.level.io.github.authcache=WARN",
					"authcache.cache.secret=" + StarterApplication.SECRET, "spring.data.redis.client-type=jedis",
					"spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
					"authcache.kratos.base-url=" + ory.kratosPublicUrl(),
					"authcache.introspection.uri=" + ory.introspectionUri(),
					"authcache.introspection.client-id=benchmark",
					"authcache.introspection.client-secret=benchmark-secret",
					"benchmark.introspection-uri=" + ory.introspectionUri())
			.properties(properties)
			.initializers((context) -> context.getBeanFactory().registerSingleton("meterRegistry", meters))
			.run();
	}

	/**
	 * Requests from {@code connections} threads for {@code seconds}.
	 * @param port the application's port
	 * @param tokens the tokens to send
	 * @param connections the number of threads, one connection each
	 * @param seconds how long to send requests
	 * @return every request's latency in nanoseconds, then the number of non-200 answers
	 */
	private static long[] burst(int port, List<String> tokens, int connections, int seconds) throws Exception {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		List<long[]> perThread = LoadPhase.runThreads(connections, port, (client) -> {
			long[] latencies = new long[MAX_LATENCIES_PER_THREAD];
			int count = 0;
			int errors = 0;
			while (count < latencies.length) {
				long before = System.nanoTime();
				if (before >= end) {
					break;
				}
				String token = tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
				if (client.get("/ac/hello", token) != 200) {
					errors++;
				}
				latencies[count++] = System.nanoTime() - before;
			}
			long[] result = Arrays.copyOf(latencies, count + 1);
			result[count] = errors;
			return result;
		}, seconds + 60);
		int total = 0;
		long errors = 0;
		for (long[] one : perThread) {
			total += one.length - 1;
			errors += one[one.length - 1];
		}
		long[] all = new long[total + 1];
		int i = 0;
		for (long[] one : perThread) {
			System.arraycopy(one, 0, all, i, one.length - 1);
			i += one.length - 1;
		}
		all[total] = errors;
		return all;
	}

}
