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
import io.github.authcache.sample.embedded.EmbeddedRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke tests of the sample application in its demo mode: the sample's own embedded
 * redis-server and demo identity provider, called over HTTP with the demo credentials.
 * {@link SampleApplicationBehaviourTests} covers the rest against the test harness.
 *
 * @author authcache authors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private EmbeddedRedis redis;

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
		assertThat(response.body()).contains("\"subject\":\"" + DemoIdentityProvider.IDENTITY_ID + "\"")
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
