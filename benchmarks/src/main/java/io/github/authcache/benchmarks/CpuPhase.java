/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time per request of the sample application as a user runs it (actuator, Prometheus,
 * observations on), in a JVM process of its own, loaded by {@code wrk} (16 connections)
 * on the permitAll endpoint {@code /api/public} with and without the demo session cookie,
 * so that the controller's work is equal. One application runs with the near cache, one
 * without (every authenticated request is then a Redis hit). Each is measured in pairs of
 * runs, unauthenticated and authenticated, the order swapped every pair: warm-up pairs
 * first, then measured pairs. CPU per request is the process's CPU time
 * ({@code utime + stime} of {@code /proc/PID/stat}) over a run divided by the requests
 * {@code wrk} completed in it.
 * <p>
 * {@code wrk} is a native client in a process of its own: it takes less of the 2 CPUs the
 * application competes for than a Java client would, and it is what the figures of issue
 * 16 were measured with.
 *
 * @author authcache authors
 */
final class CpuPhase {

	static final int CONNECTIONS = 16;

	static final String ENDPOINT = "/api/public";

	/**
	 * The demo session cookie of the sample
	 * ({@code DemoIdentityProvider.SESSION_COOKIE}).
	 */
	private static final String SESSION_COOKIE = "ory_kratos_session=MTc4MDAwMDAwMHxkZW1vLXNlc3Npb24tY29va2llLW9mLXRoZS1hdXRoY2FjaGUtc2FtcGxlfG5vdC1hLXJlYWwtc2VjdXJlY29va2ll";

	private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");

	private static final Pattern COUNT = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.E]+)");

	private static final long CLOCK_TICKS_PER_SECOND = 100;

	/**
	 * How long the sample application may take to start: 3 minutes were seen at load
	 * average 20 on 2 CPUs.
	 */
	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

	/**
	 * The share of authenticated requests that must be cache hits: on a loaded machine a
	 * store epoch check can time out, after which an entry is a miss once (as it should).
	 */
	private static final double MIN_HIT_SHARE = 0.99;

	private final Settings settings;

	final List<Row> rows = new ArrayList<>();

	String loadAverageAtStart = "?";

	String loadAverageAtEnd = "?";

	CpuPhase(Settings settings) {
		this.settings = settings;
	}

	void run() throws Exception {
		run(sampleJar("benchmarks.sampleJar"));
	}

	/**
	 * Measure one build of the sample application.
	 * @param jar the sample application's jar
	 * @throws Exception when the application or the load client fails
	 */
	void run(Path jar) throws Exception {
		this.loadAverageAtStart = Report.loadAverage();
		this.rows.add(measure(jar, Hit.NEAR_CACHE));
		this.rows.add(measure(jar, Hit.REDIS));
		this.loadAverageAtEnd = Report.loadAverage();
	}

	/**
	 * Return the sample application jar a system property names.
	 * @param property the system property
	 * @return the jar
	 */
	static Path sampleJar(String property) {
		Path jar = Path.of(System.getProperty(property, "")).normalize();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No sample application jar at '" + jar + "' (-D" + property + ")");
		}
		return jar;
	}

	int warmupPairs() {
		return 8;
	}

	int measuredPairs() {
		return 3;
	}

	private Row measure(Path jar, Hit hit) throws Exception {
		try (SampleProcess app = SampleProcess.start(jar, hit)) {
			for (int pair = 0; pair < warmupPairs(); pair++) {
				pair(app, pair, this.settings.cpuWarmupSeconds());
			}
			List<Run[]> pairs = new ArrayList<>();
			for (int pair = 0; pair < measuredPairs(); pair++) {
				pairs.add(pair(app, pair, this.settings.cpuMeasureSeconds()));
			}
			return Row.of(hit, pairs);
		}
	}

	/**
	 * Run an unauthenticated and an authenticated load, in an order that alternates with
	 * the pair's number.
	 * @param app the application
	 * @param number the pair's number
	 * @param seconds the duration of each run
	 * @return the unauthenticated run, then the authenticated one
	 */
	private Run[] pair(SampleProcess app, int number, int seconds) throws Exception {
		if (number % 2 == 0) {
			Run unauthenticated = app.load(false, seconds);
			return new Run[] { unauthenticated, app.load(true, seconds) };
		}
		Run authenticated = app.load(true, seconds);
		return new Run[] { app.load(false, seconds), authenticated };
	}

	enum Hit {

		NEAR_CACHE("near-cache hit", true), REDIS("Redis hit", false);

		final String label;

		final boolean nearCache;

		Hit(String label, boolean nearCache) {
			this.label = label;
			this.nearCache = nearCache;
		}

	}

	/**
	 * One load run.
	 *
	 * @param requests the requests {@code wrk} completed
	 * @param seconds the wall-clock duration
	 * @param cpuNanos the application's CPU time during the run
	 * @param hits the {@code authcache.lookups} hits counted during the run
	 */
	record Run(long requests, double seconds, long cpuNanos, long hits) {

		double cpuMicrosPerRequest() {
			return this.cpuNanos / 1000.0 / this.requests;
		}

		double throughput() {
			return this.requests / this.seconds;
		}

	}

	/**
	 * The measured pairs of one application.
	 *
	 * @param hit what an authenticated request is
	 * @param pairs the measured pairs, unauthenticated run first
	 */
	record Row(Hit hit, List<Run[]> pairs) {

		static Row of(Hit hit, List<Run[]> pairs) {
			return new Row(hit, List.copyOf(pairs));
		}

		double unauthenticatedMicros() {
			return median(this.pairs.stream().mapToDouble((pair) -> pair[0].cpuMicrosPerRequest()).toArray());
		}

		double authenticatedMicros() {
			return median(this.pairs.stream().mapToDouble((pair) -> pair[1].cpuMicrosPerRequest()).toArray());
		}

		double cpuRatio() {
			return median(this.pairs.stream()
				.mapToDouble((pair) -> pair[1].cpuMicrosPerRequest() / pair[0].cpuMicrosPerRequest())
				.toArray());
		}

		double unauthenticatedThroughput() {
			return median(this.pairs.stream().mapToDouble((pair) -> pair[0].throughput()).toArray());
		}

		double authenticatedThroughput() {
			return median(this.pairs.stream().mapToDouble((pair) -> pair[1].throughput()).toArray());
		}

		double throughputRatio() {
			return median(
					this.pairs.stream().mapToDouble((pair) -> pair[1].throughput() / pair[0].throughput()).toArray());
		}

		private static double median(double[] values) {
			double[] sorted = values.clone();
			Arrays.sort(sorted);
			int middle = sorted.length / 2;
			return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
		}

	}

	/**
	 * The sample application in a process of its own, on free loopback ports, with its
	 * embedded Redis and demo identity provider.
	 */
	private static final class SampleProcess implements AutoCloseable {

		private final Process process;

		private final int port;

		private final int managementPort;

		private final HttpClient http = HttpClient.newHttpClient();

		private SampleProcess(Process process, int port, int managementPort) {
			this.process = process;
			this.port = port;
			this.managementPort = managementPort;
		}

		static SampleProcess start(Path jar, Hit hit) throws Exception {
			int port = freePort();
			int managementPort = freePort();
			String java = ProcessHandle.current().info().command().orElse("java");
			Path log = Path.of("target", "cpu-phase-" + hit.name().toLowerCase() + ".log");
			Files.createDirectories(log.getParent());
			List<String> command = new ArrayList<>(List.of(java));
			command.addAll(Arrays.asList(System.getProperty("benchmarks.sampleJvmArgs", "").split(" ")));
			command.removeIf(String::isEmpty);
			command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
					"--management.server.port=" + managementPort, "--authcache.near-cache.enabled=" + hit.nearCache));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			SampleProcess app = new SampleProcess(process, port, managementPort);
			try {
				app.awaitStarted(log);
				app.cacheSession();
				return app;
			}
			catch (Exception ex) {
				app.close();
				throw ex;
			}
		}

		private void awaitStarted(Path log) throws Exception {
			long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
			while (System.nanoTime() < deadline) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The sample application exited; see " + log.toAbsolutePath());
				}
				try {
					if (get(this.managementPort, "/actuator/health").statusCode() == 200) {
						return;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				Thread.sleep(250);
			}
			throw new IllegalStateException(
					"The sample application did not start in " + STARTUP_TIMEOUT.toSeconds() + " s; see " + log);
		}

		/**
		 * Authenticate the demo session once, so that every measured request is a hit.
		 */
		private void cacheSession() throws IOException, InterruptedException {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + ENDPOINT))
				.header("Cookie", SESSION_COOKIE)
				.timeout(Duration.ofSeconds(5))
				.build();
			int status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			if (status != 200) {
				throw new IllegalStateException("The demo session was answered with " + status);
			}
		}

		Run load(boolean authenticated, int seconds) throws Exception {
			long hitsBefore = hits();
			long cpuBefore = cpuNanos();
			long start = System.nanoTime();
			String output = wrk(authenticated, seconds);
			double elapsed = (System.nanoTime() - start) / 1e9;
			long cpu = cpuNanos() - cpuBefore;
			long hits = hits() - hitsBefore;
			long requests = Long.parseLong(find(REQUESTS, output, "requests"));
			Matcher failures = NON_2XX.matcher(output);
			Matcher socketErrors = SOCKET_ERRORS.matcher(output);
			if (failures.find() || socketErrors.find()) {
				throw new IllegalStateException("wrk saw failures: " + output);
			}
			// An unauthenticated run may count the hits of the previous run's last
			// requests,
			// at most one in flight per connection
			if (authenticated ? hits < MIN_HIT_SHARE * requests : hits > CONNECTIONS) {
				throw new IllegalStateException("Expected " + (authenticated ? "a hit per request" : "no lookup")
						+ ", counted " + hits + " hits for " + requests + " requests (authcache.lookups, result hit)");
			}
			return new Run(requests, elapsed, cpu, hits);
		}

		private String wrk(boolean authenticated, int seconds) throws Exception {
			List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s"));
			if (authenticated) {
				command.addAll(List.of("-H", "Cookie: " + SESSION_COOKIE));
			}
			command.add("http://127.0.0.1:" + this.port + ENDPOINT);
			Process wrk;
			try {
				wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("wrk is needed on the PATH (Debian: apt-get install wrk)", ex);
			}
			String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
				throw new IllegalStateException("wrk failed: " + output);
			}
			return output;
		}

		private long cpuNanos() throws IOException {
			String stat = Files.readString(Path.of("/proc", Long.toString(this.process.pid()), "stat"));
			// Fields after the command name, which is in parentheses: utime and stime are
			// the 14th and 15th fields of the line
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
		}

		private long hits() throws Exception {
			HttpResponse<String> response = get(this.managementPort,
					"/actuator/metrics/authcache.lookups?tag=result:hit");
			if (response.statusCode() == 404) {
				return 0;
			}
			return (long) Double.parseDouble(find(COUNT, response.body(), "authcache.lookups"));
		}

		private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(5))
				.build();
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}

		private static String find(Pattern pattern, String text, String what) {
			Matcher matcher = pattern.matcher(text);
			if (!matcher.find()) {
				throw new IllegalStateException("No " + what + " in: " + text);
			}
			return matcher.group(1);
		}

		private static int freePort() {
			try (ServerSocket socket = new ServerSocket(0)) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}

	}

}
