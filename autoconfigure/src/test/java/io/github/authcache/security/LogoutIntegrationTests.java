/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;

import io.github.authcache.cache.Revocations;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.testing.StoreCallFailures;
import io.github.authcache.testing.WebIntegrationTests;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Integration tests for logout through {@link AuthCacheConfigurer}: what the status and
 * the {@code AuthCache-Logout} header say is what happened at Kratos or the authorization
 * server and in the cache, upstream failures never turn into a 500, and a cookie session
 * keeps its CSRF protection whatever headers come with it. Real {@code redis-server}, Ory
 * stub with the admin API and RFC 7009 revocation configured.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AuthCacheFilterIntegrationTests.TestApplication.class)
@ExtendWith(OutputCaptureExtension.class)
class LogoutIntegrationTests extends WebIntegrationTests {

	private static final String CLIENT_ID = "authcache-resource-server";

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private StoreCircuitBreakers circuitBreakers;

	@Autowired
	private Revocations revocations;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("authcache.kratos.admin-url", ory::kratosAdminUrl);
		registry.add("authcache.introspection.revocation-uri", ory::revocationUri);
		registry.add("authcache.introspection.client-id", () -> CLIENT_ID);
		registry.add("authcache.introspection.client-secret", () -> "secret");
		// Generous on a loaded machine: a timed-out lookup would answer 503
		registry.add("authcache.upstream.read-timeout", () -> "3s");
	}

	@Test
	void logoutWhenKratosRevokesThen204AndTheSessionEndsEverywhere() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		double before = logouts("session", "revoked");
		this.mvc.perform(post("/logout").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isNoContent())
			.andExpect(header().string("AuthCache-Logout", "upstream=revoked, cache=durable"));
		assertThat(ory.session(session.sessionId()).orElseThrow().active()).as("revoked at Kratos").isFalse();
		assertThat(logouts("session", "revoked")).isEqualTo(before + 1);
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void logoutWhenKratosAdminFailsThen202NamingItAndTheCacheIsDroppedFirst(CapturedOutput output) throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		ory.resetCounters();
		ory.failWith(500);
		double before = logouts("session", "failed");
		this.mvc.perform(post("/logout").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isAccepted())
			.andExpect(header().string("AuthCache-Logout", "upstream=failed, cache=durable"));
		assertThat(logouts("session", "failed")).isEqualTo(before + 1);
		assertThat(output)
			.contains("Could not revoke a session at the identity provider (check authcache.kratos.admin-url");
		ory.reset();
		// The session still works at Kratos, as the 202 said: it is looked up again
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).as("the cached verdict was dropped").isOne();
	}

	@Test
	void logoutWhenRedisHangsThen202PendingAndTheSessionIsRejectedAfterItRecovers(CapturedOutput output)
			throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken())).andExpect(status().isOk());
		StoreCallFailures failures = StoreCallFailures.onThisThread(this.circuitBreakers);
		redis.pause();
		try {
			this.mvc.perform(post("/logout").header("X-Session-Token", session.requiredToken()))
				.andExpect(status().isAccepted())
				.andExpect(header().string("AuthCache-Logout", "upstream=revoked, cache=pending"));
			assertThat(output).contains("A revocation mark could not be written to Redis");
			// The credential's mark and the session's are both pending
			assertThat(this.revocations.pendingCount()).isEqualTo(2);
			assertThat(failures.get()).as("store calls the logout request waited for in vain").isOne();
		}
		finally {
			redis.resume();
		}
		this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isUnauthorized());
		// Leave no open circuit or pending mark to the next test
		this.circuitBreakers.cache().reset();
		this.circuitBreakers.cacheWrites().reset();
		this.circuitBreakers.revocation().reset();
		this.circuitBreakers.revocationWrites().reset();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.revocations.pendingCount() > 0) {
			assertThat(System.nanoTime()).as("pending marks written").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	@Test
	void logoutWhenAccessTokenOfTheRevokingClientThenRevokedAtTheAuthorizationServer() throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().clientId(CLIENT_ID).build());
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token.token())).andExpect(status().isOk());
		this.mvc.perform(post("/logout").header("Authorization", "Bearer " + token.token()))
			.andExpect(status().isNoContent())
			.andExpect(header().string("AuthCache-Logout", "upstream=revoked, cache=durable"));
		assertThat(ory.isTokenRevoked(token.token())).isTrue();
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token.token()))
			.andExpect(status().isUnauthorized());
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 500, 503 })
	void logoutWhenTokenRevocationFailsThen202AndTheTokenIsNeverLogged(int status, CapturedOutput output)
			throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().clientId(CLIENT_ID).build());
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token.token())).andExpect(status().isOk());
		ory.failWith(status);
		double before = logouts("token", "failed");
		this.mvc.perform(post("/logout").header("Authorization", "Bearer " + token.token()))
			.andExpect(status().isAccepted())
			.andExpect(header().string("AuthCache-Logout", "upstream=failed, cache=durable"));
		assertThat(ory.revokeCalls()).isOne();
		assertThat(logouts("token", "failed")).isEqualTo(before + 1);
		assertThat(output).contains("Could not revoke a token at the identity provider");
		assertThat(output.getAll()).doesNotContain(token.token());
	}

	@Test
	void logoutWhenAccessTokenOfAnotherClientThenNotSentForRevocationAnd202() throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().clientId("another-client").build());
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token.token())).andExpect(status().isOk());
		double before = logouts("token", "not_permitted");
		this.mvc.perform(post("/logout").header("Authorization", "Bearer " + token.token()))
			.andExpect(status().isAccepted())
			.andExpect(header().string("AuthCache-Logout", "upstream=not_permitted, cache=durable"));
		assertThat(ory.revokeCalls()).as("RFC 7009: only the token's client may revoke it").isZero();
		assertThat(logouts("token", "not_permitted")).isEqualTo(before + 1);
	}

	@Test
	void logoutWhenSessionCookieWithEmptySessionTokenHeaderAndNoCsrfTokenThen403AndTheSessionStillWorks()
			throws Exception {
		KratosSessionSpec session = ory.registerSession();
		Cookie cookie = new Cookie("ory_kratos_session", session.cookieValue());
		this.mvc.perform(post("/logout").cookie(cookie).header("X-Session-Token", ""))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/logout").cookie(cookie).header("Authorization", "Bearer junk"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/logout").cookie(cookie).header("X-Session-Token", session.requiredToken()))
			.andExpect(status().isForbidden());
		assertThat(ory.session(session.sessionId()).orElseThrow().active()).isTrue();
		this.mvc.perform(get("/api/me").cookie(cookie)).andExpect(status().isOk());
	}

	@Test
	void logoutWhenSessionCookieWithBasicAuthorizationAndNoCsrfTokenThen403AndTheSessionStillWorks() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		Cookie cookie = new Cookie("ory_kratos_session", session.cookieValue());
		this.mvc.perform(post("/logout").cookie(cookie).header("Authorization", "Basic dXNlcjpwYXNzd29yZA=="))
			.andExpect(status().isForbidden());
		assertThat(ory.session(session.sessionId()).orElseThrow().active()).isTrue();
		this.mvc.perform(get("/api/me").cookie(cookie)).andExpect(status().isOk());
	}

	@Test
	void logoutWhenBasicOrNegotiateAuthorizationAndNoCsrfTokenThen403() throws Exception {
		// A browser attaches these by itself: they never exempt a request from CSRF
		this.mvc.perform(post("/logout").header("Authorization", "Basic dXNlcjpwYXNzd29yZA=="))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/logout").header("Authorization", "Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagMDAu"))
			.andExpect(status().isForbidden());
	}

	private double logouts(String kind, String outcome) {
		return this.meters.get(MicrometerAuthCacheMetrics.LOGOUT_UPSTREAM)
			.tag("kind", kind)
			.tag("outcome", outcome)
			.counter()
			.count();
	}

}
