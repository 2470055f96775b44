/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.testing.DefaultChainApplication;
import io.github.authcache.testing.JwtIssuer;
import io.github.authcache.testing.WebIntegrationTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Integration tests for the Shared Signals push endpoint (RFC 8935), with Security Event
 * Tokens signed by a key made at test time and verified against its JWK Set over HTTP.
 * Each test first caches a verdict and revokes the session at the stub, so a request
 * answered 200 without a whoami call proves the verdict is still cached and a 401 proves
 * it was dropped.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = DefaultChainApplication.class)
@ExtendWith(OutputCaptureExtension.class)
class SharedSignalsPushIntegrationTests extends WebIntegrationTests {

	private static final String AUDIENCE = "my-receiver";

	private static final JwtIssuer transmitter = new JwtIssuer();

	private static final JwtIssuer stranger = new JwtIssuer();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("authcache.shared-signals.enabled", () -> "true");
		registry.add("authcache.shared-signals.jwk-set-uri", transmitter::jwkSetUri);
		registry.add("authcache.shared-signals.issuer", transmitter::issuer);
		registry.add("authcache.shared-signals.audience", () -> AUDIENCE);
	}

	@AfterAll
	static void stopServers() {
		transmitter.close();
		stranger.close();
	}

	@Test
	void sessionRevokedForAUserThen202AndEverySessionOfTheUserIsRefusedAtOnce() throws Exception {
		KratosSessionSpec first = cachedThenRevokedAtTheProvider(KratosSessionSpec.builder().build());
		KratosSessionSpec second = cachedThenRevokedAtTheProvider(
				KratosSessionSpec.builder().identityId(first.identityId()).build());
		assertThat(ory.whoamiCalls()).isEqualTo(2);
		push(sign(SharedSignalsReceiver.SESSION_REVOKED, issSub(first.identityId()))).andExpect(status().isAccepted())
			.andExpect(content().string(""));
		this.mvc.perform(me(first)).andExpect(status().isUnauthorized());
		this.mvc.perform(me(second)).andExpect(status().isUnauthorized());
		assertThat(ory.whoamiCalls()).isEqualTo(4);
	}

	@Test
	void sessionRevokedForAComplexSubjectThenOnlyItsSessionIsRefused() throws Exception {
		KratosSessionSpec revoked = cachedThenRevokedAtTheProvider(KratosSessionSpec.builder().build());
		KratosSessionSpec other = cachedThenRevokedAtTheProvider(
				KratosSessionSpec.builder().identityId(revoked.identityId()).build());
		Map<String, Object> subject = Map.of("format", "complex", "user", issSub(revoked.identityId()), "session",
				opaque(revoked.sessionId()));
		push(sign(SharedSignalsReceiver.SESSION_REVOKED, subject)).andExpect(status().isAccepted());
		this.mvc.perform(me(revoked)).andExpect(status().isUnauthorized());
		this.mvc.perform(me(other)).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(3);
	}

	@Test
	void sessionRevokedForAnOpaqueSubjectInTheEventThenItsSessionIsRefused() throws Exception {
		KratosSessionSpec session = cachedThenRevokedAtTheProvider(KratosSessionSpec.builder().build());
		String token = transmitter.sign(SecurityEventTokenVerifier.TYPE, transmitter.keyId(), (claims) -> {
			setClaims(claims, SharedSignalsReceiver.SESSION_REVOKED, opaque("unrelated"));
			claims.remove("sub_id");
			claims.put("events",
					Map.of(SharedSignalsReceiver.SESSION_REVOKED, Map.of("subject", opaque(session.sessionId()))));
		});
		push(token).andExpect(status().isAccepted());
		this.mvc.perform(me(session)).andExpect(status().isUnauthorized());
	}

	@Test
	void credentialChangeThenEverySessionOfTheUserIsRefused() throws Exception {
		KratosSessionSpec session = cachedThenRevokedAtTheProvider(KratosSessionSpec.builder().build());
		Map<String, Object> subject = Map.of("format", "complex", "user", issSub(session.identityId()), "session",
				opaque("another-session"));
		push(sign(SharedSignalsReceiver.CREDENTIAL_CHANGE, subject)).andExpect(status().isAccepted());
		this.mvc.perform(me(session)).andExpect(status().isUnauthorized());
	}

	@Test
	void otherEventThen202AndNothingRefused() throws Exception {
		KratosSessionSpec session = cachedThenRevokedAtTheProvider(KratosSessionSpec.builder().build());
		push(sign("https://schemas.openid.net/secevent/caep/event-type/token-claims-change",
				issSub(session.identityId())))
			.andExpect(status().isAccepted());
		this.mvc.perform(me(session)).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
	}

	@Test
	void tokenSignedByAnotherKeyThen400InvalidKeyAndNothingRefused() throws Exception {
		KratosSessionSpec session = cachedThenRevokedAtTheProvider(KratosSessionSpec.builder().build());
		String token = stranger.sign(SecurityEventTokenVerifier.TYPE, stranger.keyId(),
				(claims) -> setClaims(claims, SharedSignalsReceiver.SESSION_REVOKED, issSub(session.identityId())));
		push(token).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.err").value("invalid_key"))
			.andExpect(jsonPath("$.description").isString());
		this.mvc.perform(me(session)).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
	}

	@Test
	void tokenThatFailsACheckThen400WithItsCodeAndNothingRefused() throws Exception {
		KratosSessionSpec session = cachedThenRevokedAtTheProvider(KratosSessionSpec.builder().build());
		Map<String, Object> subject = issSub(session.identityId());
		expectRefused(signed(subject, (claims) -> claims.put("iss", "https://evil.example")), "invalid_issuer");
		expectRefused(signed(subject, (claims) -> claims.put("aud", "another-receiver")), "invalid_audience");
		expectRefused(signed(subject, (claims) -> claims.remove("aud")), "invalid_audience");
		expectRefused(
				transmitter.sign("JWT", transmitter.keyId(),
						(claims) -> setClaims(claims, SharedSignalsReceiver.SESSION_REVOKED, subject)),
				"invalid_request");
		expectRefused(
				transmitter.sign(null, transmitter.keyId(),
						(claims) -> setClaims(claims, SharedSignalsReceiver.SESSION_REVOKED, subject)),
				"invalid_request");
		expectRefused(signed(subject, (claims) -> claims.put("iat", Instant.now().minusSeconds(600))),
				"invalid_request");
		expectRefused(signed(subject, (claims) -> claims.put("iat", Instant.now().plusSeconds(600))),
				"invalid_request");
		expectRefused(signed(subject, (claims) -> claims.remove("iat")), "invalid_request");
		expectRefused(signed(subject, (claims) -> {
			claims.put("iat", Instant.now().minusSeconds(240));
			claims.put("exp", Instant.now().minusSeconds(120));
		}), "invalid_request");
		expectRefused(signed(subject, (claims) -> claims.put("exp", Instant.now().minusSeconds(120))),
				"invalid_request");
		expectRefused(signed(subject, (claims) -> claims.remove("jti")), "invalid_request");
		expectRefused(signed(subject, (claims) -> claims.remove("events")), "invalid_request");
		expectRefused(signed(subject, (claims) -> claims.remove("sub_id")), "invalid_request");
		expectRefused("not-a-jwt", "invalid_request");
		this.mvc
			.perform(post("/ssf/events").contentType(MediaType.APPLICATION_JSON)
				.content(sign(SharedSignalsReceiver.SESSION_REVOKED, subject)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.err").value("invalid_request"));
		this.mvc.perform(me(session)).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
	}

	@Test
	void tokenPushedTwiceThenTheSecondIsRefusedAndItsJtiIsRememberedOnEveryInstance(CapturedOutput output)
			throws Exception {
		KratosSessionSpec session = cachedThenRevokedAtTheProvider(KratosSessionSpec.builder().build());
		String jti = UUID.randomUUID().toString();
		String token = signed(issSub(session.identityId()), (claims) -> claims.put("jti", jti));
		push(token).andExpect(status().isAccepted());
		push(token).andExpect(status().isBadRequest()).andExpect(jsonPath("$.err").value("invalid_request"));
		// iat + max-age (5 minutes) + clock skew (1 minute)
		assertThat(this.jedis.pttl(new CacheKeys("authcache:", null).usedTokenKey(transmitter.issuer(), jti)))
			.isBetween(350_000L, 360_000L);
		assertThat(output).contains("Refused a Security Event Token (invalid_request): The token was used before");
		assertThat(output.getAll()).doesNotContain(token.substring(token.length() - 20));
	}

	private void expectRefused(String token, String error) throws Exception {
		push(token).andExpect(status().isBadRequest()).andExpect(jsonPath("$.err").value(error));
	}

	private KratosSessionSpec cachedThenRevokedAtTheProvider(KratosSessionSpec spec) throws Exception {
		KratosSessionSpec session = ory.registerSession(spec);
		this.mvc.perform(me(session)).andExpect(status().isOk());
		ory.revokeSession(session.sessionId());
		return session;
	}

	private ResultActions push(String token) throws Exception {
		// No session and no CSRF token: the signature authenticates the push
		return this.mvc.perform(post("/ssf/events").contentType("application/secevent+jwt").content(token));
	}

	private static RequestBuilder me(KratosSessionSpec session) {
		return get("/api/me").header("X-Session-Token", session.requiredToken());
	}

	private static String sign(String event, Map<String, Object> subject) {
		return transmitter.sign(SecurityEventTokenVerifier.TYPE, transmitter.keyId(),
				(claims) -> setClaims(claims, event, subject));
	}

	private static String signed(Map<String, Object> subject, Consumer<Map<String, Object>> change) {
		return transmitter.sign(SecurityEventTokenVerifier.TYPE, transmitter.keyId(), (claims) -> {
			setClaims(claims, SharedSignalsReceiver.SESSION_REVOKED, subject);
			change.accept(claims);
		});
	}

	private static void setClaims(Map<String, Object> claims, String event, Map<String, Object> subject) {
		claims.remove("exp");
		claims.put("aud", AUDIENCE);
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("sub_id", subject);
		claims.put("events", Map.of(event, Map.of("event_timestamp", Instant.now().getEpochSecond())));
	}

	private static Map<String, Object> issSub(String userId) {
		return Map.of("format", "iss_sub", "iss", transmitter.issuer(), "sub", userId);
	}

	private static Map<String, Object> opaque(String id) {
		return Map.of("format", "opaque", "id", id);
	}

}
