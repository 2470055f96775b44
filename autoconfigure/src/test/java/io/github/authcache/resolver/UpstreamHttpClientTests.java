/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.kratos.KratosSessionResolver;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.testing.MisbehavingHttpServer;
import io.github.authcache.testing.MisbehavingHttpServer.Behavior;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link UpstreamHttpClient} through its user {@link KratosSessionResolver},
 * against servers that stall, trickle or answer too much: every call ends within the
 * deadline (with a generous margin, never a tight timing assertion), with no verdict, and
 * the connection is let go.
 *
 * @author authcache authors
 */
class UpstreamHttpClientTests {

	private static final Duration DEADLINE = Duration.ofMillis(500);

	/**
	 * For calls that must succeed: a first call in a cold JVM on a busy machine can take
	 * longer than {@link #DEADLINE}.
	 */
	private static final Duration GENEROUS = Duration.ofSeconds(10);

	/**
	 * Far above the deadline, far below what an unbounded call takes (minutes for a
	 * trickle, a 300 MB buffer for a huge body).
	 */
	private static final Duration MARGIN = Duration.ofSeconds(5);

	private final JsonMapper json = JsonMapper.builder().build();

	@ParameterizedTest
	@EnumSource(Behavior.class)
	@Timeout(30)
	void resolveWhenUpstreamMisbehavesThenNoVerdictWithinTheDeadlineAndConnectionClosed(Behavior behavior)
			throws Exception {
		try (MisbehavingHttpServer server = new MisbehavingHttpServer(behavior)) {
			KratosSessionResolver resolver = resolver(server.baseUrl(), new UpstreamHttpClient(DEADLINE, DEADLINE));
			for (int i = 0; i < 3; i++) {
				long start = System.nanoTime();
				assertThatExceptionOfType(UpstreamUnavailableException.class)
					.isThrownBy(() -> resolver.resolve(new Credential(CredentialType.SESSION_TOKEN, "ory_st_x")));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plus(MARGIN));
			}
			assertThat(server.awaitClosedByClient(3, 10)).as("the client closed every connection").isTrue();
			assertThat(server.bodyBytesWritten()).as("body bytes the server could write").isLessThan(64L << 20);
		}
	}

	@Test
	void resolveWhenBodyOverTheCapThenNoVerdictNamingTheCap() throws Exception {
		try (MisbehavingHttpServer server = new MisbehavingHttpServer(Behavior.HUGE_CHUNKED)) {
			UpstreamHttpClient http = new UpstreamHttpClient(GENEROUS, GENEROUS);
			http.setMaxResponseSize(4096);
			KratosSessionResolver resolver = resolver(server.baseUrl(), http);
			assertThatExceptionOfType(UpstreamUnavailableException.class)
				.isThrownBy(() -> resolver.resolve(new Credential(CredentialType.SESSION_TOKEN, "ory_st_x")))
				.withMessageContaining("more than 4096 bytes");
			assertThat(server.awaitClosedByClient(1, 10)).isTrue();
		}
	}

	@Test
	void resolveWhenBodyWithinTheCapThenAnswered() {
		try (OryStub ory = OryStub.start()) {
			KratosSessionSpec session = ory.registerSession();
			UpstreamHttpClient http = new UpstreamHttpClient(GENEROUS, GENEROUS);
			http.setMaxResponseSize(64 * 1024);
			Resolution resolution = resolver(ory.kratosPublicUrl(), http)
				.resolve(new Credential(CredentialType.SESSION_TOKEN, session.requiredToken()));
			assertThat(resolution).isInstanceOf(Resolution.Active.class);
		}
	}

	@Test
	void sendWhenObservedThenObservationCarriesOutcomeAndPropagatesTraceHeaders() {
		List<Observation.Context> stopped = new ArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new TraceparentHandler(stopped));
		try (OryStub ory = OryStub.start()) {
			KratosSessionSpec session = ory.registerSession();
			UpstreamHttpClient http = new UpstreamHttpClient(GENEROUS, GENEROUS);
			http.setObservationRegistry(registry);
			resolver(ory.kratosPublicUrl(), http)
				.resolve(new Credential(CredentialType.SESSION_TOKEN, session.requiredToken()));
			assertThat(ory.lastRequest().orElseThrow().header("traceparent")).isEqualTo(TraceparentHandler.TRACEPARENT);
		}
		assertThat(stopped).singleElement().satisfies((context) -> {
			assertThat(context.getName()).isEqualTo(UpstreamHttpClient.OBSERVATION_NAME);
			assertThat(context.getLowCardinalityKeyValue("upstream").getValue()).isEqualTo("Kratos");
			assertThat(context.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("200");
		});
	}

	private KratosSessionResolver resolver(String baseUrl, UpstreamHttpClient http) {
		return new KratosSessionResolver(URI.create(baseUrl), http, this.json);
	}

	/**
	 * What a tracing handler does with a sender context: writes the trace header into the
	 * carrier when the observation starts.
	 */
	private static final class TraceparentHandler implements ObservationHandler<SenderContext<Object>> {

		static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

		private final List<Observation.Context> stopped;

		TraceparentHandler(List<Observation.Context> stopped) {
			this.stopped = stopped;
		}

		@Override
		public void onStart(SenderContext<Object> context) {
			context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
		}

		@Override
		public void onStop(SenderContext<Object> context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof SenderContext;
		}

	}

}
