/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for fault injection and observability of {@link OryStub}.
 */
class OryStubFaultTests {

	private final OryStub stub = OryStub.start();

	private final StubClient http = new StubClient(this.stub);

	@AfterEach
	void close() {
		this.stub.close();
	}

	@Test
	void latencyWhenRangeSetThenResponsesAreDelayed() {
		KratosSessionSpec session = this.stub.registerSession();
		this.stub.latency(Duration.ofMillis(30), Duration.ofMillis(50));
		long started = System.nanoTime();
		assertThat(this.http.whoami("X-Session-Token", session.requiredToken()).statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
	}

	@Test
	void latencyWhenConfiguredOnBuilderThenApplied() {
		try (OryStub demo = OryStub.builder().latency(Duration.ofMillis(30), Duration.ofMillis(50)).start()) {
			long started = System.nanoTime();
			new StubClient(demo).whoami();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
		}
	}

	@Test
	void failWithWhenProxyStatusThenNonJsonAndResetRestores() {
		KratosSessionSpec session = this.stub.registerSession();
		this.stub.failWith(502);
		HttpResponse<String> failed = this.http.whoami("X-Session-Token", session.requiredToken());
		assertThat(failed.statusCode()).isEqualTo(502);
		assertThat(failed.headers().firstValue("Content-Type")).hasValue("text/html");
		assertThat(failed.body()).contains("502 Bad Gateway");
		this.stub.failWith(429);
		HttpResponse<String> limited = this.http.form("/admin/oauth2/introspect", "token=x");
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
		this.stub.failWith(500);
		assertThat(StubClient.parse(this.http.whoami().body()).get("error").get("code").asInt()).isEqualTo(500);
		this.stub.reset();
		assertThat(this.http.whoami("X-Session-Token", session.requiredToken()).statusCode()).isEqualTo(200);
	}

	@Test
	void failWithWhenCustomBodyThenServedAsIs() {
		this.stub.failWith(503, "text/plain", "upstream connect error");
		HttpResponse<String> response = this.http.whoami();
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).isEqualTo("upstream connect error");
	}

	@Test
	void hangWhenSetThenClientTimesOutUntilReset() {
		this.stub.hang();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.stub.whoamiUri()));
		long started = System.nanoTime();
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> this.http.client()
				.send(request.timeout(Duration.ofMillis(300)).GET().build(), HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(HttpTimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		this.stub.reset();
		assertThat(this.http.whoami().statusCode()).isEqualTo(401);
	}

	@Test
	void countersWhenCalledThenCountPerEndpointAndReset() {
		this.http.whoami();
		this.http.whoami();
		this.http.form("/admin/oauth2/introspect", "token=x");
		this.http.form("/oauth2/revoke", "token=x");
		this.http.send("DELETE", "/admin/sessions/" + OryCredentials.uuid());
		assertThat(List.of(this.stub.whoamiCalls(), this.stub.introspectCalls(), this.stub.revokeCalls(),
				this.stub.adminCalls()))
			.containsExactly(2, 1, 1, 1);
		this.stub.resetCounters();
		assertThat(this.stub.whoamiCalls()).isZero();
		assertThat(this.stub.recordedRequests()).isEmpty();
	}

	@Test
	void recordedRequestsWhenCalledThenHeadersAndFormVisibleButToStringRedacts() {
		KratosSessionSpec session = this.stub.registerSession();
		this.http.whoami("Cookie", "ory_kratos_session=" + session.cookieValue(), "Cache-Control", "max-age=0");
		this.http.form("/admin/oauth2/introspect", "token=ory_at_secret&scope=read");
		List<RecordedRequest> requests = this.stub.recordedRequests();
		assertThat(requests).hasSize(2);
		RecordedRequest whoami = requests.get(0);
		assertThat(whoami.method()).isEqualTo("GET");
		assertThat(whoami.path()).isEqualTo("/sessions/whoami");
		assertThat(whoami.header("cache-control")).isEqualTo("max-age=0");
		assertThat(whoami.header("Cookie")).contains(session.cookieValue());
		RecordedRequest introspect = this.stub.lastRequest().orElseThrow();
		assertThat(introspect.formParameter("token")).isEqualTo("ory_at_secret");
		assertThat(introspect.formParameter("scope")).isEqualTo("read");
		assertThat(whoami.toString()).doesNotContain(session.cookieValue());
		assertThat(introspect.toString()).doesNotContain("ory_at_secret");
	}

	@Test
	void recordedRequestsWhenBoundReachedThenOldestDropped() {
		try (OryStub small = OryStub.builder().maxRecordedRequests(3).start()) {
			StubClient client = new StubClient(small);
			for (int i = 0; i < 5; i++) {
				client.send("GET", "/sessions/whoami?n=" + i);
			}
			assertThat(small.recordedRequests()).extracting(RecordedRequest::query)
				.containsExactly("n=2", "n=3", "n=4");
		}
	}

	@Test
	void whoamiWhenManyConcurrentRequestsThenAllAnswered() {
		KratosSessionSpec session = this.stub.registerSession();
		this.stub.latency(Duration.ofMillis(20));
		List<CompletableFuture<Integer>> futures = IntStream.range(0, 64)
			.mapToObj((i) -> CompletableFuture
				.supplyAsync(() -> this.http.whoami("X-Session-Token", session.requiredToken()).statusCode()))
			.toList();
		assertThat(futures).allSatisfy((future) -> assertThat(future.join()).isEqualTo(200));
		assertThat(this.stub.whoamiCalls()).isEqualTo(64);
	}

}
