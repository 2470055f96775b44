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

import io.github.authcache.sample.embedded.DemoIdentityProvider;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke tests of the sample application on its embedded defaults: a real redis-server and
 * the demo identity provider, called over HTTP. The admin freshness rule is shortened
 * from 10 s to 1 s so that its test waits less.
 *
 * @author authcache authors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "authcache.freshness[/api/admin/**]=1s" })
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private DemoIdentityProvider demo;

	@Autowired
	private RedisServer redis;

	@Value("${spring.data.redis.port}")
	private int redisPort;

	@Test
	void embeddedRedisAndDemoIdentityProviderAreUsed() {
		assertThat(this.redis.isRunning()).isTrue();
		assertThat(this.redisPort).isEqualTo(this.redis.port()).isNotEqualTo(6379);
	}

	@Test
	void publicEndpointAnswersWithoutCredential() throws Exception {
		HttpResponse<String> response = send(get("/api/public"));
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void meWithoutCredentialIsUnauthorized() throws Exception {
		HttpResponse<String> response = send(get("/api/me"));
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void meWithDemoSessionTokenDescribesTheSession() throws Exception {
		HttpResponse<String> response = send(
				get("/api/me").header("X-Session-Token", DemoIdentityProvider.SESSION_TOKEN));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"subject\":\"" + DemoIdentityProvider.IDENTITY_ID + "\"")
			.contains("\"type\":\"session\"")
			.contains("\"session_id\":\"" + DemoIdentityProvider.SESSION_ID + "\"")
			.contains("\"aal\":\"aal1\"")
			.contains("demo@example.org");
	}

	@Test
	void meWithDemoSessionCookieDescribesTheSession() throws Exception {
		HttpResponse<String> response = send(
				get("/api/me").header("Cookie", "ory_kratos_session=" + DemoIdentityProvider.SESSION_COOKIE));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains(DemoIdentityProvider.IDENTITY_ID).contains("\"type\":\"session\"");
	}

	@Test
	void meWithDemoAccessTokenDescribesTheToken() throws Exception {
		HttpResponse<String> response = send(
				get("/api/me").header("Authorization", "Bearer " + DemoIdentityProvider.ACCESS_TOKEN));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"subject\":\"" + this.demo.accessToken().subject() + "\"")
			.contains("\"type\":\"token\"")
			.contains("SCOPE_read")
			.contains("\"client_id\":\"" + DemoIdentityProvider.CLIENT_ID + "\"");
	}

	@Test
	void adminMeWithDemoSessionTokenDescribesTheSession() throws Exception {
		HttpResponse<String> response = send(
				get("/api/admin/me").header("X-Session-Token", DemoIdentityProvider.SESSION_TOKEN));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains(DemoIdentityProvider.IDENTITY_ID);
	}

	@Test
	void sameSessionTokenTwiceCallsKratosOnce() throws Exception {
		OryStub stub = this.demo.stub();
		KratosSessionSpec session = stub.registerSession();
		int before = stub.whoamiCalls();
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = send(get("/api/me").header("X-Session-Token", session.requiredToken()));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains(session.identityId());
		}
		assertThat(stub.whoamiCalls() - before).isOne();
	}

	@Test
	void sameAccessTokenTwiceCallsIntrospectionOnce() throws Exception {
		OryStub stub = this.demo.stub();
		OAuth2TokenSpec token = stub.registerToken(OAuth2TokenSpec.builder().scopes("read").build());
		int before = stub.introspectCalls();
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = send(get("/api/me").header("Authorization", "Bearer " + token.token()));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains(token.subject());
		}
		assertThat(stub.introspectCalls() - before).isOne();
	}

	@Test
	void adminRouteRechecksVerdictsOlderThanItsFreshnessRule() throws Exception {
		OryStub stub = this.demo.stub();
		KratosSessionSpec session = stub.registerSession();
		int before = stub.whoamiCalls();
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(200);
		assertThat(send(get("/api/admin/me").header("X-Session-Token", session.requiredToken())).statusCode())
			.isEqualTo(200);
		assertThat(stub.whoamiCalls() - before).isOne();
		Thread.sleep(1200);
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(200);
		assertThat(stub.whoamiCalls() - before).isOne();
		assertThat(send(get("/api/admin/me").header("X-Session-Token", session.requiredToken())).statusCode())
			.isEqualTo(200);
		assertThat(stub.whoamiCalls() - before).isEqualTo(2);
	}

	@Test
	void logoutWithSessionTokenNeedsNoCsrfTokenAndEndsTheSession() throws Exception {
		KratosSessionSpec session = this.demo.stub()
			.registerSession(KratosSessionSpec.builder().identityId(DemoIdentityProvider.IDENTITY_ID).build());
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(200);
		HttpResponse<String> response = send(request("/logout").header("X-Session-Token", session.requiredToken())
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.statusCode()).isNotEqualTo(403).isEqualTo(204);
		assertThat(this.demo.stub().session(session.sessionId()).orElseThrow().active()).as("revoked at Kratos")
			.isFalse();
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(401);
	}

	@Test
	void revokeTokenByJtiThenRejectedFromTheCacheToo() throws Exception {
		OAuth2TokenSpec token = this.demo.stub()
			.registerToken(
					OAuth2TokenSpec.builder().subject(DemoIdentityProvider.IDENTITY_ID).jti("jti-of-test").build());
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
		KratosSessionSpec session = this.demo.stub()
			.registerSession(KratosSessionSpec.builder().identityId("revoke-all-demo-user").build());
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(200);
		this.demo.stub().revokeSession(session.sessionId());
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode())
			.as("cached until invalidated")
			.isEqualTo(200);
		HttpResponse<String> response = send(HttpRequest
			.newBuilder(URI
				.create("http://127.0.0.1:" + this.managementPort + "/actuator/authcache/users/revoke-all-demo-user"))
			.DELETE());
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(send(get("/api/me").header("X-Session-Token", session.requiredToken())).statusCode()).isEqualTo(401);
	}

	@Test
	void logoutWithSessionCookieAndNoCsrfTokenIsForbidden() throws Exception {
		HttpResponse<String> response = send(
				request("/logout").header("Cookie", "ory_kratos_session=" + DemoIdentityProvider.SESSION_COOKIE)
					.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void prometheusEndpointOnManagementPortExposesLookups() throws Exception {
		send(get("/api/me").header("X-Session-Token", DemoIdentityProvider.SESSION_TOKEN));
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/prometheus"))
					.GET());
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("authcache_lookups");
	}

	@Test
	void actuatorIsNotServedOnTheApplicationPort() throws Exception {
		HttpResponse<String> response = send(get("/actuator/prometheus"));
		assertThat(response.statusCode()).isIn(401, 404);
	}

	private HttpRequest.Builder get(String path) {
		return request(path).GET();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(5));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
