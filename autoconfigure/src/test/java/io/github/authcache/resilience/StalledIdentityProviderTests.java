/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.authcache.test.ory.OryCredentials;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.AuthenticatedApplication;
import io.github.authcache.testing.MisbehavingHttpServer;
import io.github.authcache.testing.MisbehavingHttpServer.Behavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Requests while the identity provider stalls: Kratos sends headers and then one byte a
 * second, the introspection endpoint sends headers and then nothing. With the default
 * upstream settings every request gets 503 with {@code Retry-After} within the deadline
 * (plus a generous margin) and its thread returns, however many arrive at once.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AuthenticatedApplication.class)
class StalledIdentityProviderTests {

	private static final RedisServer redis = RedisServer.startDefault();

	/**
	 * The default {@code authcache.upstream.read-timeout}.
	 */
	private static final Duration DEADLINE = Duration.ofSeconds(2);

	private static final Duration MARGIN = Duration.ofSeconds(10);

	private static final MisbehavingHttpServer trickling = new MisbehavingHttpServer(Behavior.TRICKLE);

	private static final MisbehavingHttpServer stalled = new MisbehavingHttpServer(Behavior.HEADERS_THEN_STALL);

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@Autowired
	private WebApplicationContext context;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("authcache.kratos.base-url", trickling::baseUrl);
		registry.add("authcache.introspection.uri", () -> stalled.baseUrl() + "/introspect");
		registry.add("authcache.upstream.read-timeout", DEADLINE::toString);
	}

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@AfterAll
	static void stopServers() throws IOException {
		redis.close();
		trickling.close();
		stalled.close();
	}

	@Test
	void requestsWhenIdentityProviderStallsThen503WithinTheDeadlineAndEveryThreadReturns() throws Exception {
		List<Future<MockHttpServletResponse>> requests = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String header = (i % 2 == 0) ? "X-Session-Token" : "Authorization";
			String value = (i % 2 == 0) ? OryCredentials.sessionToken() : "Bearer " + OryCredentials.accessToken();
			requests.add(this.threads.submit(() -> timed(header, value)));
		}
		for (Future<MockHttpServletResponse> request : requests) {
			MockHttpServletResponse response = request.get(DEADLINE.plus(MARGIN).toSeconds(), TimeUnit.SECONDS);
			assertThat(response.getStatus()).isEqualTo(503);
			assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		}
		assertThat(trickling.awaitClosedByClient(4, 10)).isTrue();
		assertThat(stalled.awaitClosedByClient(4, 10)).isTrue();
	}

	private MockHttpServletResponse timed(String header, String value) throws Exception {
		long start = System.nanoTime();
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		MockHttpServletResponse response = mvc.perform(get("/api/me").header(header, value)).andReturn().getResponse();
		System.out.printf("stalled identity provider: %s answered %d after %d ms%n", header, response.getStatus(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		return response;
	}

}
