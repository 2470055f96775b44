/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.ory.AnswerHold;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import io.github.authcache.testing.WebInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box test of the share of the upstream limit each client address may take, on the
 * default settings (64 calls at once, a quarter of them per address): an application
 * behind a trusted proxy ({@code server.forward-headers-strategy=native}, the client
 * address in {@code X-Forwarded-For}), a real redis-server, and the Ory stub holding its
 * answers so that every call is in flight at once.
 *
 * @author authcache authors
 */
@ExtendWith(RealServersExtension.class)
class UpstreamFairnessIntegrationTests {

	private static final int FLOOD = 96;

	private static final int FRESH_SESSIONS = 30;

	private static final int SHARE = 64 / 4;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private OryStub ory;

	private WebInstance app;

	@BeforeEach
	void start(RedisServer redis, OryStub ory) {
		this.ory = ory;
		this.app = WebInstance
			.start(List.of("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
					CacheData.SECRET_PROPERTY, "authcache.kratos.base-url=" + ory.kratosPublicUrl(),
					"authcache.upstream.read-timeout=60s", "server.forward-headers-strategy=native"));
	}

	@AfterEach
	void tearDown() {
		this.threads.shutdownNow();
		this.app.close();
	}

	@Test
	void floodOfMadeUpTokensFromOneAddressLeavesOtherAddressesTheirLogins() throws Exception {
		Flood flood = flood(1);
		assertThat(statuses(flood.sessions())).as("fresh sessions from other addresses")
			.filteredOn((status) -> status == 200)
			.hasSizeGreaterThanOrEqualTo(FRESH_SESSIONS - 1);
		List<HttpResponse<String>> refused = new ArrayList<>();
		for (Future<HttpResponse<String>> response : flood.requests()) {
			HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
			assertThat(answer.statusCode()).isIn(401, 429);
			if (answer.statusCode() == 429) {
				refused.add(answer);
			}
		}
		assertThat(refused).hasSize(FLOOD - SHARE)
			.allSatisfy((answer) -> assertThat(answer.headers().firstValue("Retry-After")).hasValue("1"));
		assertThat(this.ory.whoamiCalls()).isEqualTo(SHARE + FRESH_SESSIONS);
	}

	/**
	 * Send {@link #FLOOD} made-up session tokens from the given number of addresses at
	 * once, then {@link #FRESH_SESSIONS} fresh sessions from as many other addresses,
	 * while the identity provider holds its answers; let the answers go once every
	 * request is held or answered.
	 * @param addresses the number of addresses the flood comes from
	 * @return the responses
	 * @throws InterruptedException when interrupted
	 */
	private Flood flood(int addresses) throws InterruptedException {
		List<Future<HttpResponse<String>>> flood = new ArrayList<>();
		List<Future<HttpResponse<String>>> sessions = new ArrayList<>();
		try (AnswerHold hold = this.ory.holdAnswersAfterRead()) {
			for (int i = 0; i < FLOOD; i++) {
				flood.add(me("203.0.113." + (i % addresses + 1), "ory_st_MadeUpSessionToken%016d".formatted(i)));
			}
			awaitSettled(FLOOD, () -> hold.reads() + done(flood));
			for (int i = 0; i < FRESH_SESSIONS; i++) {
				sessions.add(me("198.51.100." + (i + 1), this.ory.registerSession().requiredToken()));
			}
			awaitSettled(FLOOD + FRESH_SESSIONS, () -> hold.reads() + done(flood) + done(sessions));
		}
		return new Flood(flood, sessions);
	}

	private Future<HttpResponse<String>> me(String clientAddress, String sessionToken) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.app.url("/api/me")))
			.header("X-Session-Token", sessionToken)
			.header("X-Forwarded-For", clientAddress)
			.timeout(Duration.ofSeconds(60))
			.build();
		return this.threads.submit(() -> send(request));
	}

	private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int done(List<Future<HttpResponse<String>>> responses) {
		return (int) responses.stream().filter(Future::isDone).count();
	}

	private static List<Integer> statuses(List<Future<HttpResponse<String>>> responses) throws Exception {
		List<Integer> statuses = new ArrayList<>();
		for (Future<HttpResponse<String>> response : responses) {
			statuses.add(response.get(60, TimeUnit.SECONDS).statusCode());
		}
		return statuses;
	}

	private static void awaitSettled(int requests, IntSupplier settled) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (settled.getAsInt() < requests && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(settled.getAsInt()).as("requests held at the identity provider or answered").isEqualTo(requests);
	}

	/**
	 * The answers to a flood and to the fresh sessions sent during it.
	 *
	 * @param requests the answers to the flood
	 * @param sessions the answers to the fresh sessions
	 */
	private record Flood(List<Future<HttpResponse<String>>> requests, List<Future<HttpResponse<String>>> sessions) {

	}

}
