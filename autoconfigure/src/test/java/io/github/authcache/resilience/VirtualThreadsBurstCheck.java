/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.AuthenticatedApplication;
import io.github.authcache.testing.CacheData;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bursts of 16, 64, 128 and 256 concurrent requests on one warm session against Tomcat
 * serving on virtual threads ({@code spring.threads.virtual.enabled=true}), with the
 * starter's defaults on a real {@code redis-server}: prints, per burst, the answers other
 * than 200, the transitions of the store circuit and the calls that reached Kratos.
 * {@link VirtualThreadsBurstTests} runs it in a JVM of a Java 21+ runtime when the build
 * runs on an older one (so this class and its {@code main} are public).
 *
 * @author authcache authors
 */
public final class VirtualThreadsBurstCheck {

	static final int[] LEVELS = { 16, 64, 128, 256 };

	private static final int REQUESTS_PER_CLIENT = 4;

	private VirtualThreadsBurstCheck() {
	}

	/**
	 * Run the bursts and print one line each.
	 * @param args ignored
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		try (RedisServer redis = RedisServer.startDefault();
				OryStub ory = OryStub.start();
				ConfigurableApplicationContext app = start(redis, ory)) {
			URI base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
			String session = ory.registerSession().requiredToken();
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			HttpResponse<String> thread = client.send(request(base.resolve("/api/thread"), session),
					HttpResponse.BodyHandlers.ofString());
			System.out.println("served by " + thread.body());
			AtomicInteger transitions = new AtomicInteger();
			app.getBean(StoreCircuitBreakers.class)
				.cache()
				.getEventPublisher()
				.onStateTransition((event) -> transitions.incrementAndGet());
			for (int level : LEVELS) {
				ory.resetCounters();
				int failures = burst(client, request(base.resolve("/api/me"), session), level);
				System.out.printf("burst of %d: non-200=%d breaker transitions=%d upstream calls=%d%n", level, failures,
						transitions.getAndSet(0), ory.whoamiCalls());
			}
		}
	}

	private static ConfigurableApplicationContext start(RedisServer redis, OryStub ory) {
		return new SpringApplicationBuilder(AuthenticatedApplication.class, ThreadController.class)
			.web(WebApplicationType.SERVLET)
			.properties("spring.threads.virtual.enabled=true", "server.port=0", "server.address=127.0.0.1",
					"spring.main.banner-mode=off", "logging.level.root=WARN", CacheData.SECRET_PROPERTY,
					"spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
					"authcache.kratos.base-url=" + ory.kratosPublicUrl(),
					// The stub answers in milliseconds; a loaded machine may not
					"authcache.upstream.read-timeout=10s",
					// Refresh-ahead (after half the TTL) is not a lookup going upstream:
					// keep it out of the run
					"authcache.cache.session-ttl=10m")
			.run();
	}

	private static HttpRequest request(URI uri, String session) {
		return HttpRequest.newBuilder(uri).header("X-Session-Token", session).build();
	}

	/**
	 * Send requests from {@code clients} threads at once, each its own in turn.
	 * @return the answers other than 200
	 */
	private static int burst(HttpClient client, HttpRequest request, int clients) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(clients);
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger failures = new AtomicInteger();
		List<Future<?>> running = new ArrayList<>();
		try {
			for (int i = 0; i < clients; i++) {
				running.add(executor.submit(() -> {
					start.await();
					for (int n = 0; n < REQUESTS_PER_CLIENT; n++) {
						if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
							failures.incrementAndGet();
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : running) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		return failures.get();
	}

	/**
	 * Answers the thread that serves the request, to show that it is a virtual one.
	 */
	@RestController
	static class ThreadController {

		@GetMapping("/api/thread")
		String thread() {
			return Thread.currentThread().toString();
		}

	}

}
