/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the sample application's behaviour against a real redis-server and the Ory
 * stub of the test harness (so nothing of the demo mode starts), on free ports. The admin
 * freshness rule is shortened from 10 s to 1 s so that its test waits less.
 *
 * @author authcache authors
 */
class SampleApplicationBehaviourTests {

	private static RedisServer redis;

	private static OryStub ory;

	private static ConfigurableApplicationContext context;

	private static int port;

	private static int managementPort;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeAll
	static void start() {
		redis = RedisServer.builder().start();
		ory = OryStub.start();
		context = new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--management.server.port=0", "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port(), "--authcache.kratos.base-url=" + ory.kratosPublicUrl(),
				"--authcache.kratos.admin-url=" + ory.kratosAdminUrl(),
				"--authcache.introspection.uri=" + ory.introspectionUri(),
				"--authcache.introspection.revocation-uri=" + ory.revocationUri(),
				"--authcache.freshness[/api/admin/**]=1s", "--authcache.cache.secret=" + "s".repeat(32));
		port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		managementPort = context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
	}

	@AfterAll
	static void stop() {
		context.close();
		ory.close();
		redis.close();
	}

	@Test
	void sameSessionTokenTwiceCallsKratosOnce() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		int before = ory.whoamiCalls();
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = send(get("/api/me").header("X-Session-Token", session.requiredToken()));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains(session.identityId()).contains("\"type\":\"session\"");
		}
		assertThat(ory.whoamiCalls() - before).isOne();
	}

	@Test
	void sameAccessTokenTwiceCallsIntrospectionOnce() throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().scopes("read").build());
		int before = ory.introspectCalls();
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = send(get("/api/me").header("Authorization", "Bearer " + token.token()));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains(token.subject()).contains("SCOPE_read");
		}
		assertThat(ory.introspectCalls() - before).isOne();
	}

	@Test
	void adminRouteRechecksVerdictsOlderThanItsFreshnessRule() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		int before = ory.whoamiCalls();
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(200);
		assertThat(send(get("/api/admin/me").header("X-Session-Token", session.requiredToken())).statusCode())
			.isEqualTo(200);
		assertThat(ory.whoamiCalls() - before).isOne();
		Thread.sleep(1200);
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(200);
		assertThat(ory.whoamiCalls() - before).isOne();
		assertThat(send(get("/api/admin/me").header("X-Session-Token", session.requiredToken())).statusCode())
			.isEqualTo(200);
		assertThat(ory.whoamiCalls() - before).isEqualTo(2);
	}

	@Test
	void logoutWithSessionTokenNeedsNoCsrfTokenAndEndsTheSession() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(200);
		HttpResponse<String> response = send(request("/logout").header("X-Session-Token", session.requiredToken())
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.statusCode()).isNotEqualTo(403).isEqualTo(204);
		assertThat(ory.session(session.sessionId()).orElseThrow().active()).as("revoked at Kratos").isFalse();
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(401);
	}

	@Test
	void revokeTokenByJtiThenRejectedFromTheCacheToo() throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().jti("jti-of-test").build());
		String bearer = "Bearer " + token.token();
		assertThat(send(get("/api/me").header("Authorization", bearer)).statusCode()).isEqualTo(200);
		HttpResponse<String> revoke = send(request("/api/tokens/revoke").header("Authorization", bearer)
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(revoke.statusCode()).isEqualTo(204);
		HttpResponse<String> after = send(get("/api/me").header("Authorization", bearer));
		assertThat(after.statusCode()).isEqualTo(401);
		assertThat(after.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("invalid_token").contains("revoked"));
	}

	@Test
	void revokeAllThroughTheActuatorEndpointDropsEveryCachedVerdictOfTheUser() throws Exception {
		KratosSessionSpec session = ory
			.registerSession(KratosSessionSpec.builder().identityId("revoke-all-demo-user").build());
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(200);
		ory.revokeSession(session.sessionId());
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode())
			.as("cached until invalidated")
			.isEqualTo(200);
		HttpResponse<String> response = send(HttpRequest
			.newBuilder(
					URI.create("http://127.0.0.1:" + managementPort + "/actuator/authcache/users/revoke-all-demo-user"))
			.DELETE());
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(401);
	}

	private HttpRequest.Builder get(String path) {
		return request(path).GET();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
