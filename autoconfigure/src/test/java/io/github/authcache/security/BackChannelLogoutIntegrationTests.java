/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Integration tests for the OIDC back-channel logout receiver, with logout tokens signed
 * by a key made at test time and verified against its JWK Set over HTTP.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = DefaultChainApplication.class,
		properties = "logging.level.io.github.authcache.security.BackChannelLogoutFilter=DEBUG")
@ExtendWith(OutputCaptureExtension.class)
class BackChannelLogoutIntegrationTests extends WebIntegrationTests {

	private static final JwtIssuer hydra = new JwtIssuer();

	private static final JwtIssuer stranger = new JwtIssuer();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("authcache.back-channel-logout.enabled", () -> "true");
		registry.add("authcache.back-channel-logout.jwk-set-uri", hydra::jwkSetUri);
		registry.add("authcache.back-channel-logout.issuer", hydra::issuer);
		registry.add("authcache.back-channel-logout.audiences", () -> "my-app");
	}

	@AfterAll
	static void stopServers() {
		hydra.close();
		stranger.close();
	}

	@Test
	void logoutTokenWithSidThenTheSessionIsDroppedOnEveryCredential() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		ory.revokeSession(session.sessionId());
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		String token = hydra.sign((claims) -> logoutClaims(claims, session.sessionId()));
		this.mvc.perform(post("/backchannel-logout").param("logout_token", token)).andExpect(status().isOk());
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isUnauthorized());
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void logoutTokenThatDoesNotVerifyThen400AndNothingDropped() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()));
		String sid = session.sessionId();
		List<String> invalid = List.of(stranger.sign((claims) -> logoutClaims(claims, sid)), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.remove("events");
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.put("events", Map.of("http://schemas.openid.net/event/another", Map.of()));
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.put("sid", "");
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.remove("sid");
			claims.put("sub", "");
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.put("nonce", "n");
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.put("aud", List.of("another-app"));
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.put("iss", "https://evil.example");
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.remove("sid");
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.remove("aud");
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.remove("iat");
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.put("iat", Instant.now().minusSeconds(600));
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.put("iat", Instant.now().plusSeconds(600));
		}), hydra.sign((claims) -> {
			logoutClaims(claims, sid);
			claims.remove("jti");
		}), hydra.sign("at+jwt", hydra.keyId(), (claims) -> logoutClaims(claims, sid)), "not-a-jwt");
		for (String token : invalid) {
			this.mvc.perform(post("/backchannel-logout").param("logout_token", token))
				.andExpect(status().isBadRequest());
		}
		this.mvc.perform(post("/backchannel-logout")).andExpect(status().isBadRequest());
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
	}

	@Test
	void logoutTokenOfTypeLogoutJwtThenAccepted() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		ory.revokeSession(session.sessionId());
		String token = hydra.sign("logout+jwt", hydra.keyId(), (claims) -> logoutClaims(claims, session.sessionId()));
		this.mvc.perform(post("/backchannel-logout").param("logout_token", token)).andExpect(status().isOk());
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void logoutTokenUsedTwiceThenTheSecondIsRefusedAndTheUseIsRememberedUntilTheTokenCannotBeAccepted(
			CapturedOutput output) throws Exception {
		KratosSessionSpec session = ory.registerSession();
		String jti = UUID.randomUUID().toString();
		String token = hydra.sign((claims) -> {
			logoutClaims(claims, session.sessionId());
			claims.put("jti", jti);
			claims.put("exp", Instant.now().plusSeconds(120));
		});
		this.mvc.perform(post("/backchannel-logout").param("logout_token", token)).andExpect(status().isOk());
		this.mvc.perform(post("/backchannel-logout").param("logout_token", token)).andExpect(status().isBadRequest());
		// The decoder accepts a token up to the clock skew past its exp
		assertThat(this.jedis.pttl(new CacheKeys("authcache:", null).usedTokenKey(hydra.issuer(), jti)))
			.isBetween(170_000L, 180_000L);
		assertThat(output).contains("Refused a back-channel logout token: The logout token was used before");
		assertThat(output.getAll()).doesNotContain(token.substring(token.length() - 20));
	}

	@Test
	void logoutTokenWithAShortExpThenItsUseIsRememberedForTheClockSkewPastExp() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		String jti = UUID.randomUUID().toString();
		String token = hydra.sign((claims) -> {
			logoutClaims(claims, session.sessionId());
			claims.put("jti", jti);
			claims.put("exp", Instant.now().plusSeconds(5));
		});
		this.mvc.perform(post("/backchannel-logout").param("logout_token", token)).andExpect(status().isOk());
		assertThat(this.jedis.pttl(new CacheKeys("authcache:", null).usedTokenKey(hydra.issuer(), jti))).isBetween(
				BackChannelLogoutHandler.CLOCK_SKEW.toMillis(),
				BackChannelLogoutHandler.CLOCK_SKEW.plusSeconds(5).toMillis());
	}

	@Test
	void refusedLogoutTokensThenAtMostOneWarning(CapturedOutput output) throws Exception {
		for (int i = 0; i < 3; i++) {
			String token = hydra.sign((claims) -> {
				logoutClaims(claims, "sid-1");
				claims.put("nonce", "n");
			});
			this.mvc.perform(post("/backchannel-logout").param("logout_token", token))
				.andExpect(status().isBadRequest());
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains("Refused a back-channel logout token")))
			.hasSize(3)
			.filteredOn((line) -> line.contains("WARN"))
			.hasSizeLessThanOrEqualTo(1);
	}

	@Test
	void refusedLogoutTokenThenWarnWithTheReasonNeverTheToken(CapturedOutput output) throws Exception {
		String token = hydra.sign((claims) -> {
			logoutClaims(claims, "sid-1");
			claims.put("iss", "https://evil.example");
		});
		this.mvc.perform(post("/backchannel-logout").param("logout_token", token)).andExpect(status().isBadRequest());
		assertThat(output).contains("Refused a back-channel logout token").contains("The iss claim is not valid");
		assertThat(output.getAll()).doesNotContain(token.substring(token.length() - 20));
	}

	private static void logoutClaims(Map<String, Object> claims, String sessionId) {
		claims.put("aud", List.of("my-app"));
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("sid", sessionId);
		claims.put("events", Map.of(BackChannelLogoutHandler.LOGOUT_EVENT, Map.of()));
		claims.put("iat", Instant.now());
	}

}
