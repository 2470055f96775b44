/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OryStub#holdAnswersAfterRead()}: answers built from the state they
 * read, held across a change of that state.
 */
class OryStubHoldTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final OryStub stub = OryStub.start();

	private final StubClient http = new StubClient(this.stub);

	@AfterEach
	void close() {
		this.stub.close();
	}

	@Test
	void whoamiWhenSessionRevokedWhileHeldThenAnswersWithTheStateItRead() throws Exception {
		KratosSessionSpec session = this.stub.registerSession();
		HttpResponse<String> unheld = this.http.whoami("X-Session-Token", session.requiredToken());
		AnswerHold hold = this.stub.holdAnswersAfterRead();
		CompletableFuture<HttpResponse<String>> inFlight = whoamiAsync(session);
		assertThat(hold.awaitReads(1, TIMEOUT)).isTrue();
		assertThat(this.stub.revokeSession(session.sessionId())).isTrue();
		assertThat(inFlight).isNotDone();
		hold.release();
		HttpResponse<String> held = inFlight.get();
		assertThat(held.statusCode()).isEqualTo(200);
		assertThat(StubClient.parse(held.body()).get("active").asBoolean()).isTrue();
		assertThat(held.headers().map().keySet()).isEqualTo(unheld.headers().map().keySet());
		assertThat(held.body()).isEqualTo(unheld.body());
	}

	@Test
	void whoamiWhenHeldAnswersReleasedThenLaterAnswersAreHeldUntilClose() throws Exception {
		KratosSessionSpec session = this.stub.registerSession();
		AnswerHold hold = this.stub.holdAnswersAfterRead();
		CompletableFuture<HttpResponse<String>> first = whoamiAsync(session);
		assertThat(hold.awaitReads(1, TIMEOUT)).isTrue();
		this.stub.revokeSession(session.sessionId());
		hold.release();
		assertThat(first.get().statusCode()).isEqualTo(200);
		CompletableFuture<HttpResponse<String>> second = whoamiAsync(session);
		assertThat(hold.awaitReads(2, TIMEOUT)).isTrue();
		assertThat(hold.held()).isOne();
		assertThat(second).isNotDone();
		hold.close();
		assertThat(second.get().statusCode()).isEqualTo(401);
		assertThat(this.http.whoami("X-Session-Token", session.requiredToken()).statusCode()).isEqualTo(401);
		assertThat(hold.reads()).isEqualTo(2);
	}

	@Test
	void introspectWhenTokenRevokedWhileHeldThenAnswersActive() throws Exception {
		OAuth2TokenSpec token = this.stub.registerToken();
		AnswerHold hold = this.stub.holdAnswersAfterRead();
		CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture
			.supplyAsync(() -> this.http.form("/admin/oauth2/introspect", "token=" + token.token()));
		assertThat(hold.awaitReads(1, TIMEOUT)).isTrue();
		HttpResponse<String> revoked = this.http.form("/oauth2/revoke", "token=" + token.token());
		assertThat(revoked.statusCode()).as("revocation is not held").isEqualTo(200);
		assertThat(this.stub.isTokenRevoked(token.token())).isTrue();
		hold.release();
		assertThat(StubClient.parse(inFlight.get().body()).get("active").asBoolean()).isTrue();
	}

	@Test
	void adminAndLogoutWhenHoldActiveThenNotHeld() {
		KratosSessionSpec first = this.stub.registerSession();
		KratosSessionSpec second = this.stub.registerSession();
		AnswerHold hold = this.stub.holdAnswersAfterRead();
		assertThat(this.http.send("DELETE", "/admin/sessions/" + first.sessionId()).statusCode()).isEqualTo(204);
		assertThat(this.http
			.sendWithBody("DELETE", "/self-service/logout/api",
					"{\"session_token\":\"" + second.requiredToken() + "\"}", "Content-Type", "application/json")
			.statusCode()).isEqualTo(204);
		assertThat(hold.reads()).isZero();
	}

	@Test
	void resetWhenAnswersHeldThenReleasedAndNoLongerHeld() throws Exception {
		KratosSessionSpec session = this.stub.registerSession();
		AnswerHold hold = this.stub.holdAnswersAfterRead();
		CompletableFuture<HttpResponse<String>> inFlight = whoamiAsync(session);
		assertThat(hold.awaitReads(1, TIMEOUT)).isTrue();
		this.stub.reset();
		assertThat(inFlight.get().statusCode()).isEqualTo(200);
		assertThat(this.http.whoami("X-Session-Token", session.requiredToken()).statusCode()).isEqualTo(200);
		assertThat(hold.reads()).isOne();
	}

	@Test
	void awaitReadsWhenFewerLookupsThenFalseAfterTheTimeout() throws Exception {
		AnswerHold hold = this.stub.holdAnswersAfterRead();
		assertThat(hold.awaitReads(1, Duration.ofMillis(50))).isFalse();
	}

	private CompletableFuture<HttpResponse<String>> whoamiAsync(KratosSessionSpec session) {
		return CompletableFuture.supplyAsync(() -> this.http.whoami("X-Session-Token", session.requiredToken()));
	}

}
