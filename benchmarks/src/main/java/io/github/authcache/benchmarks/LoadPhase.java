/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisDeployment;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.test.redis.RedisTopology;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisMovedDataException;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The end-to-end load run: one {@link LoadTestApplication}, an Ory stub that answers in
 * 30 ms and the benchmark's own redis-server, all on loopback; then the same application
 * with authcache only on a Sentinel-managed master and on a Cluster, one after the other.
 * The starter runs with {@code authcache.cache.secret} set. Each variant is primed (every
 * token of the population requested once), warmed up, then measured for a fixed time with
 * a fixed number of client threads picking tokens uniformly from a fixed population.
 * Every loop is bounded in time and in count.
 *
 * @author authcache authors
 */
final class LoadPhase {

	private static final int MAX_REQUESTS_PER_THREAD = 2_000_000;

	private static final int MAX_LATENCIES_PER_THREAD = 1_000_000;

	private final Settings settings;

	final List<VariantResult> results = new ArrayList<>();

	final Map<String, double[]> cold = new LinkedHashMap<>();

	String redisVersion = "?";

	/**
	 * Whether the near-cache variant's invalidation subscriber (so its near cache) was
	 * trusted throughout (e): subscribed after it, and never lost since the app started.
	 */
	boolean nearCacheSubscribed;

	@Nullable Long springCacheEntryBytes;

	LoadPhase(Settings settings) {
		this.settings = settings;
	}

	void run() throws Exception {
		try (OryStub ory = OryStub.start()) {
			ory.latency(Duration.ofMillis(30));
			List<String> tokens = new ArrayList<>();
			for (int i = 0; i < this.settings.tokenPopulation(); i++) {
				tokens.add(ory.registerToken(Fixtures.typicalToken()).token());
			}
			try (RedisDeployment redis = RedisTopology.STANDALONE.start();
					ConfigurableApplicationContext app = startApplication(redis, ory);
					Jedis jedis = redis.masters().get(0).jedis()) {
				this.redisVersion = redis.masters().get(0).infoField("server", "redis_version");
				int port = ((WebServerApplicationContext) app).getWebServer().getPort();
				// JIT warm-up of the whole app (Tomcat, the filter chains, the client)
				// before anything is measured, so that (a), measured first, is not
				// measured cold
				for (Variant variant : List.of(Variant.OPEN, Variant.SPRING_CACHE, Variant.AUTHCACHE)) {
					measure(variant, port, tokens, ory, redis);
				}
				LoadTestApplication.NearCacheVariant nearCache = app
					.getBean(LoadTestApplication.NearCacheVariant.class);
				for (Variant variant : Variant.values()) {
					if (variant.topology != RedisTopology.STANDALONE) {
						continue;
					}
					flushKeepingEpoch(redis);
					if (variant == Variant.NEAR_CACHE) {
						HotPathBenchmarks.awaitSubscribed(nearCache.subscriber());
					}
					this.results.add(measure(variant, port, tokens, ory, redis));
					if (variant == Variant.SPRING_CACHE) {
						this.springCacheEntryBytes = jedis
							.memoryUsage(LoadTestApplication.CACHE_NAME + "::" + tokens.get(0));
					}
					if (variant == Variant.NEAR_CACHE) {
						this.nearCacheSubscribed = nearCache.subscriber().isSubscribed()
								&& nearCache.subscriber().getReconnects() == 0;
					}
				}
				for (Variant variant : List.of(Variant.SPRING_CACHE, Variant.AUTHCACHE, Variant.NEAR_CACHE)) {
					flushKeepingEpoch(redis);
					this.cold.put(variant.label, coldConcurrency(variant, port, ory));
				}
			}
			for (Variant variant : List.of(Variant.AUTHCACHE_SENTINEL, Variant.AUTHCACHE_CLUSTER)) {
				try (RedisDeployment redis = variant.topology.start();
						ConfigurableApplicationContext app = startApplication(redis, ory,
								LoadTestApplication.NEAR_CACHE_VARIANT + "=false")) {
					int port = ((WebServerApplicationContext) app).getWebServer().getPort();
					this.results.add(measure(variant, port, tokens, ory, redis));
					flushKeepingEpoch(redis);
					this.cold.put(variant.label, coldConcurrency(variant, port, ory));
				}
			}
		}
	}

	/**
	 * {@code FLUSHALL} on every master, but keep the starter's epoch key, atomically (one
	 * script on its master): a changed epoch makes the starter distrust every entry
	 * fetched before it and look each credential up again, which is right after a real
	 * data loss and would put upstream calls into the next measurement.
	 * @param redis the deployment
	 */
	static void flushKeepingEpoch(RedisDeployment redis) {
		for (RedisServer master : redis.masters()) {
			try (Jedis jedis = master.jedis()) {
				jedis.eval(
						"local e = redis.call('GET', KEYS[1]); redis.call('FLUSHALL');"
								+ " if e then redis.call('SET', KEYS[1], e) end; return e",
						1, Fixtures.KEY_PREFIX + "epoch");
			}
			catch (JedisMovedDataException ex) {
				// The epoch key lives on another master
				try (Jedis jedis = master.jedis()) {
					jedis.flushAll();
				}
			}
		}
	}

	private ConfigurableApplicationContext startApplication(RedisDeployment redis, OryStub ory, String... properties) {
		List<String> all = new ArrayList<>(
				List.of("server.port=0", "server.address=127.0.0.1", "spring.data.redis.timeout=2s",
						"authcache.redis.timeout=2s", "spring.data.redis.jedis.pool.enabled=true",
						"spring.data.redis.jedis.pool.max-active=64", "spring.data.redis.jedis.pool.max-idle=64",
						"spring.data.redis.jedis.pool.min-idle=16", "server.tomcat.threads.max=64",
						"server.tomcat.threads.min-spare=16", "benchmark.introspection-uri=" + ory.introspectionUri()));
		all.addAll(List.of(properties));
		return StarterApplication.start(LoadTestApplication.class, WebApplicationType.SERVLET, redis, ory,
				all.toArray(String[]::new));
	}

	private VariantResult measure(Variant variant, int port, List<String> tokens, OryStub ory, RedisDeployment redis)
			throws Exception {
		String path = variant.prefix + "/hello";
		int threads = this.settings.loadThreads();
		if (variant.authenticated) {
			// Prime: every token once, so the measurement is the steady state of a warm
			// cache (the hit-rate simulation covers misses).
			AtomicInteger next = new AtomicInteger();
			runThreads(threads, port, (client) -> {
				int i;
				while ((i = next.getAndIncrement()) < tokens.size()) {
					client.get(path, tokens.get(i));
				}
				return null;
			}, 120);
		}
		long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.settings.loadWarmupSeconds());
		runThreads(threads, port, (client) -> {
			for (int n = 0; n < MAX_REQUESTS_PER_THREAD && System.nanoTime() < warmupEnd; n++) {
				client.get(path, variant.authenticated ? pick(tokens) : null);
			}
			return null;
		}, this.settings.loadWarmupSeconds() + 30);
		int upstreamBefore = ory.introspectCalls();
		Map<String, Long> statsBefore = redis.commandCounts();
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(this.settings.loadMeasureSeconds());
		List<long[]> perThread = runThreads(threads, port, (client) -> {
			long[] latencies = new long[MAX_LATENCIES_PER_THREAD];
			int count = 0;
			int errors = 0;
			for (int n = 0; n < MAX_REQUESTS_PER_THREAD; n++) {
				long before = System.nanoTime();
				if (before >= end) {
					break;
				}
				int status = client.get(path, variant.authenticated ? pick(tokens) : null);
				long after = System.nanoTime();
				if (status != 200) {
					errors++;
				}
				if (count < latencies.length) {
					latencies[count++] = after - before;
				}
			}
			long[] result = Arrays.copyOf(latencies, count + 1);
			result[count] = errors;
			return result;
		}, this.settings.loadMeasureSeconds() + 30);
		double seconds = (System.nanoTime() - start) / 1e9;
		Map<String, Long> statsAfter = redis.commandCounts();
		int upstream = ory.introspectCalls() - upstreamBefore;
		int total = 0;
		long errors = 0;
		for (long[] values : perThread) {
			total += values.length - 1;
			errors += values[values.length - 1];
		}
		long[] all = new long[total];
		int offset = 0;
		for (long[] values : perThread) {
			System.arraycopy(values, 0, all, offset, values.length - 1);
			offset += values.length - 1;
		}
		Arrays.sort(all);
		Map<String, Double> perRequest = new LinkedHashMap<>();
		long commands = 0;
		for (Map.Entry<String, Long> stat : statsAfter.entrySet()) {
			long delta = stat.getValue() - statsBefore.getOrDefault(stat.getKey(), 0L);
			// The INFO commands are the measurement's own
			if (delta > 0 && !stat.getKey().equals("info")) {
				perRequest.put(stat.getKey(), (double) delta / total);
				commands += delta;
			}
		}
		return new VariantResult(variant, total, errors, total / seconds, percentile(all, 0.50), percentile(all, 0.99),
				percentile(all, 0.999), (double) upstream / total, (double) commands / total, perRequest);
	}

	/**
	 * N threads send the same cold credential at the same moment, for several fresh
	 * credentials: how many upstream calls does one cold credential cost?
	 * @param variant the variant measured
	 * @param port the application's port
	 * @param ory the stub authorization server
	 * @return the number of credentials, the number of threads, the upstream calls, and
	 * the upstream calls per credential
	 */
	private double[] coldConcurrency(Variant variant, int port, OryStub ory) throws Exception {
		int threads = this.settings.loadThreads();
		int credentials = this.settings.coldCredentials();
		List<String> fresh = new ArrayList<>();
		for (int i = 0; i < credentials; i++) {
			fresh.add(ory.registerToken(Fixtures.typicalToken()).token());
		}
		String path = variant.prefix + "/hello";
		CyclicBarrier barrier = new CyclicBarrier(threads);
		int before = ory.introspectCalls();
		runThreads(threads, port, (client) -> {
			client.get(path, null);
			for (String token : fresh) {
				barrier.await(10, TimeUnit.SECONDS);
				client.get(path, token);
			}
			return null;
		}, 120);
		int calls = ory.introspectCalls() - before;
		return new double[] { credentials, threads, calls, (double) calls / credentials };
	}

	private static String pick(List<String> tokens) {
		return tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
	}

	static String infoField(String info, String field) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return line.substring(field.length() + 1).trim();
			}
		}
		throw new IllegalStateException("No " + field + " in INFO");
	}

	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

	static <T> List<T> runThreads(int threads, int port, ClientTask<T> task, long timeoutSeconds) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					try (LoadClient client = new LoadClient(port)) {
						return task.run(client);
					}
				}));
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			}
			return results;
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("A load phase overran its time bound", ex);
		}
		finally {
			executor.shutdownNow();
			executor.awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	@FunctionalInterface
	interface ClientTask<T> {

		T run(LoadClient client) throws IOException, InterruptedException, BrokenBarrierException, TimeoutException;

	}

	enum Variant {

		OPEN("(a) unauthenticated (ceiling)", "/open", false),

		RESOURCE_SERVER("(b) opaqueToken(), no cache", "/rs", true),

		SPRING_CACHE("(c) opaqueToken() + @Cacheable RedisCacheManager", "/rs-cached", true),

		AUTHCACHE("(d) authcache, Redis only", "/ac", true),

		NEAR_CACHE("(e) authcache, near cache", "/ac-near", true),

		AUTHCACHE_SENTINEL("(f) authcache, Redis only, Sentinel", "/ac", true, RedisTopology.SENTINEL),

		AUTHCACHE_CLUSTER("(g) authcache, Redis only, Cluster", "/ac", true, RedisTopology.CLUSTER);

		final String label;

		final String prefix;

		final boolean authenticated;

		final RedisTopology topology;

		Variant(String label, String prefix, boolean authenticated) {
			this(label, prefix, authenticated, RedisTopology.STANDALONE);
		}

		Variant(String label, String prefix, boolean authenticated, RedisTopology topology) {
			this.label = label;
			this.prefix = prefix;
			this.authenticated = authenticated;
			this.topology = topology;
		}

	}

	record VariantResult(Variant variant, int requests, long errors, double throughput, double p50Millis,
			double p99Millis, double p999Millis, double upstreamPerRequest, double redisCommandsPerRequest,
			Map<String, Double> commandsPerRequest) {

	}

}
