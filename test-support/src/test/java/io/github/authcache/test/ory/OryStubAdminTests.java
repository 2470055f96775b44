/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Kratos admin and logout endpoints of {@link OryStub}.
 */
class OryStubAdminTests {

	private static final String NOT_FOUND = "{\"error\":{\"code\":404,\"status\":\"Not Found\","
			+ "\"message\":\"Unable to locate the resource\"}}";

	private final OryStub stub = OryStub.start();

	private final StubClient http = new StubClient(this.stub);

	@AfterEach
	void close() {
		this.stub.close();
	}

	@Test
	void disableSessionWhenKnownThen204AndWhoamiFails() {
		KratosSessionSpec session = this.stub.registerSession();
		HttpResponse<String> response = this.http.send("DELETE", "/admin/sessions/" + session.sessionId());
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(this.stub.session(session.sessionId())).hasValueSatisfying((s) -> assertThat(s.active()).isFalse());
		assertThat(this.http.whoami("X-Session-Token", session.requiredToken()).statusCode()).isEqualTo(401);
		assertThat(this.stub.adminCalls()).isEqualTo(1);
	}

	@Test
	void disableSessionWhenUnknownThen404AndBadIdThen400() {
		HttpResponse<String> unknown = this.http.send("DELETE", "/admin/sessions/" + OryCredentials.uuid());
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).isEqualTo(NOT_FOUND);
		assertThat(this.http.send("DELETE", "/admin/sessions/not-a-uuid").statusCode()).isEqualTo(400);
	}

	@Test
	void deleteIdentitySessionsWhenPresentThen204ThenExact404() {
		KratosSessionSpec first = this.stub.registerSession();
		KratosSessionSpec second = this.stub
			.registerSession(KratosSessionSpec.builder().identityId(first.identityId()).build());
		String path = "/admin/identities/" + first.identityId() + "/sessions";
		assertThat(this.http.send("DELETE", path).statusCode()).isEqualTo(204);
		assertThat(this.stub.session(first.sessionId())).isEmpty();
		assertThat(this.stub.session(second.sessionId())).isEmpty();
		assertThat(this.http.whoami("X-Session-Token", second.requiredToken()).statusCode()).isEqualTo(401);
		HttpResponse<String> again = this.http.send("DELETE", path);
		assertThat(again.statusCode()).isEqualTo(404);
		assertThat(again.body()).isEqualTo(NOT_FOUND);
		assertThat(again.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void logoutApiWhenKnownTokenThen204AndUnknownThen403() {
		KratosSessionSpec session = this.stub.registerSession();
		String body = "{\"session_token\":\"" + session.token() + "\"}";
		assertThat(
				this.http.sendWithBody("DELETE", "/self-service/logout/api", body, "Content-Type", "application/json")
					.statusCode())
			.isEqualTo(204);
		assertThat(this.http.whoami("X-Session-Token", session.requiredToken()).statusCode()).isEqualTo(401);
		assertThat(
				this.http.sendWithBody("DELETE", "/self-service/logout/api", body, "Content-Type", "application/json")
					.statusCode())
			.isEqualTo(204);
		HttpResponse<String> unknown = this.http.sendWithBody("DELETE", "/self-service/logout/api",
				"{\"session_token\":\"" + OryCredentials.sessionToken() + "\"}", "Content-Type", "application/json");
		assertThat(unknown.statusCode()).isEqualTo(403);
		JsonNode error = StubClient.parse(unknown.body()).get("error");
		assertThat(error.get("reason").asString())
			.isEqualTo("The provided Ory Session Token could not be found, is invalid, or otherwise malformed.");
	}

	@Test
	void extendSessionWhenKnownThen200WithSession() {
		KratosSessionSpec session = this.stub.registerSession();
		HttpResponse<String> response = this.http.send("PATCH", "/admin/sessions/" + session.sessionId() + "/extend");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(StubClient.parse(response.body()).get("id").asString()).isEqualTo(session.sessionId());
		assertThat(this.stub.session(session.sessionId()).orElseThrow().extended()).isTrue();
	}

	@Test
	void requestWhenUnknownPathThen404() {
		assertThat(this.http.send("GET", "/nothing/here").statusCode()).isEqualTo(404);
	}

}
