/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Kratos whoami endpoint of {@link OryStub}.
 */
class OryStubKratosTests {

	private static final String NO_SESSION = "{\"error\":{\"code\":401,\"status\":\"Unauthorized\",\"reason\":"
			+ "\"No valid session credentials found in the request.\",\"message\":\"The request could not be authorized\"}}";

	private final OryStub stub = OryStub.start();

	private final StubClient http = new StubClient(this.stub);

	@AfterEach
	void close() {
		this.stub.close();
	}

	@Test
	void whoamiWhenSessionTokenHeaderThenSessionWithContractHeaders() {
		KratosSessionSpec session = this.stub.registerSession();
		HttpResponse<String> response = this.http.whoami("X-Session-Token", session.requiredToken());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
		assertThat(response.headers().firstValue("Cache-Control"))
			.hasValue("private, no-cache, no-store, must-revalidate");
		assertThat(response.headers().firstValue("X-Kratos-Authenticated-Identity-Id")).hasValue(session.identityId());
		assertThat(response.headers().firstValue("Ory-Session-Cache-For")).isEmpty();
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
		JsonNode body = StubClient.parse(response.body());
		assertThat(body.get("id").asString()).isEqualTo(session.sessionId());
		assertThat(body.get("active").asBoolean()).isTrue();
		assertThat(Instant.parse(body.get("expires_at").asString())).isEqualTo(session.expiresAt());
		assertThat(body.get("identity").get("id").asString()).isEqualTo(session.identityId());
		assertThat(body.get("identity").get("traits").get("email").asString()).isEqualTo(session.traits().get("email"));
		assertThat(body.get("identity").get("schema_url").asString())
			.isEqualTo(this.stub.baseUrl() + "/schemas/ZGVmYXVsdA");
		assertThat(body.get("identity").has("organization_id")).isTrue();
		assertThat(body.get("identity").get("organization_id").isNull()).isTrue();
		assertThat(body.get("devices").isArray()).isTrue();
		assertThat(body.has("tokenized")).isFalse();
	}

	@Test
	void whoamiWhenSessionThenBodyHasEveryFixtureField() {
		KratosSessionSpec session = this.stub.registerSession();
		JsonNode body = StubClient.parse(this.http.whoami("X-Session-Token", session.requiredToken()).body());
		JsonNode fixture = StubClient.parse(StubClient.fixture("kratos/whoami-200-session.json"));
		assertThat(StubClient.fieldNames(body)).isEqualTo(StubClient.fieldNames(fixture));
		assertThat(StubClient.fieldNames(body.get("identity")))
			.containsAll(StubClient.fieldNames(fixture.get("identity")))
			.contains("schema_url", "organization_id");
		assertThat(StubClient.fieldNames(body.get("authentication_methods").get(0)))
			.isEqualTo(StubClient.fieldNames(fixture.get("authentication_methods").get(0)));
		assertThat(StubClient.fieldNames(body.get("devices").get(0)))
			.isEqualTo(StubClient.fieldNames(fixture.get("devices").get(0)));
	}

	@Test
	void whoamiWhenNoCredentialsThenExact401Body() {
		HttpResponse<String> response = this.http.whoami();
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo(NO_SESSION);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.headers().firstValue("Cache-Control"))
			.hasValue("private, no-cache, no-store, must-revalidate");
		assertThat(response.headers().firstValue("X-Kratos-Authenticated-Identity-Id")).isEmpty();
	}

	@Test
	void whoamiWhenRequestIdSentThen401CarriesIt() {
		HttpResponse<String> response = this.http.whoami("X-Request-ID", "1ab02e6b-4b8f-46dc-a8ca-5f0e9a0d094e");
		assertThat(response.body()).isEqualTo(StubClient.fixture("kratos/whoami-401.json"));
	}

	@Test
	void whoamiWhenCookieThenOnlyConfiguredCookieIsUsed() {
		KratosSessionSpec session = this.stub.registerSession();
		HttpResponse<String> response = this.http.whoami("Cookie",
				"csrf_token_abc=xyz; ory_kratos_session=" + session.cookieValue() + "; theme=dark");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(StubClient.parse(response.body()).get("id").asString()).isEqualTo(session.sessionId());
		assertThat(this.http.whoami("Cookie", "other=" + session.cookieValue()).statusCode()).isEqualTo(401);
	}

	@Test
	void whoamiWhenCustomCookieNameThenThatCookieIsRead() {
		try (OryStub network = OryStub.builder().sessionCookieName("ory_session_playground").start()) {
			KratosSessionSpec session = network.registerSession();
			StubClient client = new StubClient(network);
			assertThat(client.whoami("Cookie", "ory_session_playground=" + session.cookieValue()).statusCode())
				.isEqualTo(200);
			assertThat(client.whoami("Cookie", "ory_kratos_session=" + session.cookieValue()).statusCode())
				.isEqualTo(401);
		}
	}

	@Test
	void whoamiWhenInvalidSessionTokenHeaderThenCookieAndBearerAreIgnored() {
		KratosSessionSpec session = this.stub.registerSession();
		HttpResponse<String> response = this.http.whoami("X-Session-Token", "ory_st_unknown", "Cookie",
				"ory_kratos_session=" + session.cookieValue(), "Authorization", "Bearer " + session.token());
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void whoamiWhenValidCookieAndOtherBearerThenCookieWins() {
		KratosSessionSpec cookieSession = this.stub.registerSession();
		KratosSessionSpec bearerSession = this.stub.registerSession();
		HttpResponse<String> response = this.http.whoami("Cookie", "ory_kratos_session=" + cookieSession.cookieValue(),
				"Authorization", "Bearer " + bearerSession.token());
		assertThat(StubClient.parse(response.body()).get("id").asString()).isEqualTo(cookieSession.sessionId());
	}

	@Test
	void whoamiWhenUndecodableCookieThenFallsThroughToBearer() {
		KratosSessionSpec session = this.stub.registerSession();
		HttpResponse<String> response = this.http.whoami("Cookie", "ory_kratos_session=garbage", "Authorization",
				"Bearer " + session.token());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void whoamiWhenBearerSchemeInAnyCaseThenAcceptedButExtraPartsRejected() {
		KratosSessionSpec session = this.stub.registerSession();
		assertThat(this.http.whoami("Authorization", "bEaReR " + session.token()).statusCode()).isEqualTo(200);
		assertThat(this.http.whoami("Authorization", "Bearer " + session.token() + " extra").statusCode())
			.isEqualTo(401);
		assertThat(this.http.whoami("Authorization", "Basic " + session.token()).statusCode()).isEqualTo(401);
	}

	@Test
	void whoamiWhenRevokedExpiredOrIdentityInactiveThen401() {
		KratosSessionSpec revoked = this.stub.registerSession(KratosSessionSpec.builder().active(false).build());
		KratosSessionSpec expired = this.stub
			.registerSession(KratosSessionSpec.builder().expiresAt(Instant.now().minusSeconds(1)).build());
		KratosSessionSpec inactiveIdentity = this.stub.registerSession();
		this.stub.setIdentityState(inactiveIdentity.identityId(), "inactive");
		for (KratosSessionSpec session : List.of(revoked, expired, inactiveIdentity)) {
			HttpResponse<String> response = this.http.whoami("X-Session-Token", session.requiredToken());
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.body()).isEqualTo(NO_SESSION);
		}
	}

	@Test
	void whoamiWhenSessionNeedsAal2Then403WithOwnRedirect() {
		KratosSessionSpec session = this.stub.registerSession(KratosSessionSpec.builder().requiresAal2(true).build());
		HttpResponse<String> response = this.http.whoami("X-Session-Token", session.requiredToken());
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		String expected = StubClient.fixture("kratos/whoami-403-aal2.json")
			.replace("https://kratos.example.com", this.stub.baseUrl());
		assertThat(response.body()).isEqualTo(expected);
	}

	@Test
	void whoamiWhenTokenizeAsUnknownThen400() {
		KratosSessionSpec session = this.stub.registerSession();
		HttpResponse<String> response = this.http.send("GET", "/sessions/whoami?tokenize_as=unknown", "X-Session-Token",
				session.requiredToken());
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = StubClient.parse(response.body()).get("error");
		assertThat(error.get("code").asInt()).isEqualTo(400);
		assertThat(error.get("reason").asString()).isEqualTo("Unable to find tokenizer template \"unknown\".");
	}

	@Test
	void whoamiWhenOtherMethodThenSameAnswerWithoutCacheControl() {
		KratosSessionSpec session = this.stub.registerSession();
		HttpResponse<String> post = this.http.send("POST", "/sessions/whoami", "X-Session-Token",
				session.requiredToken());
		assertThat(post.statusCode()).isEqualTo(200);
		assertThat(post.headers().firstValue("Cache-Control")).isEmpty();
		HttpResponse<String> head = this.http.send("HEAD", "/sessions/whoami", "X-Session-Token",
				session.requiredToken());
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
	}

	@Test
	void whoamiWhenCacheableSessionsThenCacheForIsBoundedByExpiryAndMaxAge() {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		try (OryStub network = OryStub.builder()
			.sessionCacheMaxAge(Duration.ofSeconds(150))
			.clock(Clock.fixed(now, ZoneOffset.UTC))
			.start()) {
			StubClient client = new StubClient(network);
			KratosSessionSpec longLived = network
				.registerSession(KratosSessionSpec.builder().expiresAt(now.plusSeconds(3600)).build());
			KratosSessionSpec nearlyExpired = network
				.registerSession(KratosSessionSpec.builder().expiresAt(now.plusSeconds(42)).build());
			assertThat(client.whoami("X-Session-Token", longLived.requiredToken())
				.headers()
				.firstValue("Ory-Session-Cache-For")).hasValue("150");
			assertThat(client.whoami("X-Session-Token", nearlyExpired.requiredToken())
				.headers()
				.firstValue("Ory-Session-Cache-For")).hasValue("42");
			assertThat(client.whoami().headers().firstValue("Ory-Session-Cache-For")).hasValue("60");
		}
	}

	@Test
	void whoamiWhenSessionExtendedThenOlderCookieIsRotatedOnce() {
		KratosSessionSpec session = this.stub.registerSession();
		this.stub.extendSession(session.sessionId(), Duration.ofHours(48));
		HttpResponse<String> first = this.http.whoami("Cookie", "ory_kratos_session=" + session.cookieValue());
		assertThat(first.statusCode()).isEqualTo(200);
		String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(setCookie).startsWith("ory_kratos_session=").contains("; Path=/", "HttpOnly");
		String rotated = setCookie.substring("ory_kratos_session=".length(), setCookie.indexOf(';'));
		assertThat(rotated).isNotEqualTo(session.cookieValue());
		HttpResponse<String> second = this.http.whoami("Cookie", "ory_kratos_session=" + rotated);
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.http.whoami("X-Session-Token", session.requiredToken()).headers().firstValue("Set-Cookie"))
			.isEmpty();
	}

}
