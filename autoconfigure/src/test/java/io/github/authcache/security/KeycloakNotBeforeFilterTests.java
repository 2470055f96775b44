/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.InMemoryRevocationStore;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.resolver.jwt.JwtValidation;
import io.github.authcache.testing.JwtIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * The Keycloak not-before push endpoint with a real decoder of the realm's JWKS: each
 * check of a {@code PushNotBeforeAction} refuses what breaks it, and raises no watermark.
 *
 * @author authcache authors
 */
class KeycloakNotBeforeFilterTests {

	private static final String CLIENT_ID = "authcache-app";

	private static final String ISSUER = "https://keycloak.example.com/realms/R";

	private final JwtIssuer realm = new JwtIssuer();

	private final AuthCacheInvalidator invalidator = mock(AuthCacheInvalidator.class);

	private final KeycloakNotBeforeFilter filter = new KeycloakNotBeforeFilter(handler(), "/k_push_not_before");

	private final long notBefore = Instant.now().getEpochSecond() - 5;

	@AfterEach
	void closeRealm() {
		this.realm.close();
	}

	@Test
	void pushWhenTheActionVerifiesThenRaisesTheRealmsWatermark() throws Exception {
		MockHttpServletResponse response = push(action((claims) -> {
		}));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		then(this.invalidator).should().revokeNotBefore(ISSUER, Instant.ofEpochSecond(this.notBefore));
	}

	@Test
	void pushWhenSignedByAnotherKeyThen401() throws Exception {
		try (JwtIssuer other = new JwtIssuer()) {
			assertRefused(push(other.sign(keycloakAction((claims) -> {
			}))), 401);
		}
	}

	@Test
	void pushWhenTheSignatureDoesNotMatchThen401() throws Exception {
		String[] parts = action((claims) -> {
		}).split("\\.");
		String altered = action((claims) -> claims.put("notBefore", Instant.now().getEpochSecond())).split("\\.")[1];
		assertRefused(push(parts[0] + "." + altered + "." + parts[2]), 401);
	}

	@Test
	void pushWhenNotAJwtThen401() throws Exception {
		assertRefused(push("not-a-token"), 401);
	}

	@Test
	void pushWhenEmptyThen400() throws Exception {
		assertRefused(push(""), 400);
	}

	@Test
	void pushWhenAnotherActionThen400() throws Exception {
		assertRefused(push(action((claims) -> claims.put("action", "LOGOUT"))), 400);
	}

	@Test
	void pushWhenExpiredThen400() throws Exception {
		long expired = Instant.now().minus(KeycloakNotBeforeHandler.CLOCK_SKEW).getEpochSecond() - 5;
		assertRefused(push(action((claims) -> claims.put("expiration", expired))), 400);
	}

	@Test
	void pushWhenForAnotherClientThen400() throws Exception {
		assertRefused(push(action((claims) -> claims.put("resource", "another-app"))), 400);
	}

	@Test
	void pushWhenWithoutIdThen400() throws Exception {
		assertRefused(push(action((claims) -> claims.remove("id"))), 400);
	}

	@Test
	void pushWhenNotBeforeIsInTheFutureThen400() throws Exception {
		long future = Instant.now().plus(KeycloakNotBeforeHandler.CLOCK_SKEW).getEpochSecond() + 5;
		assertRefused(push(action((claims) -> claims.put("notBefore", future))), 400);
	}

	@Test
	void pushWhenNotBeforeIsAheadOfThisClockThenRaisesTheWatermarkToNow() throws Exception {
		long ahead = Instant.now().getEpochSecond() + 30;
		assertThat(push(action((claims) -> claims.put("notBefore", ahead))).getStatus()).isEqualTo(200);
		ArgumentCaptor<Instant> watermark = ArgumentCaptor.forClass(Instant.class);
		then(this.invalidator).should().revokeNotBefore(eq(ISSUER), watermark.capture());
		assertThat(watermark.getValue()).isBeforeOrEqualTo(Instant.now());
	}

	@Test
	void pushWhenReplayedThen400AndAppliedOnce() throws Exception {
		String action = action((claims) -> {
		});
		assertThat(push(action).getStatus()).isEqualTo(200);
		assertThat(push(action).getStatus()).isEqualTo(400);
		then(this.invalidator).should().revokeNotBefore(ISSUER, Instant.ofEpochSecond(this.notBefore));
	}

	@Test
	void pushWhenThePolicyIsClearedThenAcknowledgedAndNothingRaised() throws Exception {
		assertThat(push(action((claims) -> claims.put("notBefore", 0))).getStatus()).isEqualTo(200);
		then(this.invalidator).should(never()).revokeNotBefore(ISSUER, Instant.EPOCH);
	}

	@Test
	void doFilterWhenAnotherPathThenPassesItOn() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(request);
	}

	private void assertRefused(MockHttpServletResponse response, int status) {
		assertThat(response.getStatus()).isEqualTo(status);
		then(this.invalidator).shouldHaveNoInteractions();
	}

	private String action(Consumer<Map<String, Object>> changes) {
		return this.realm.sign(keycloakAction(changes));
	}

	/**
	 * Return the claims of a {@code PushNotBeforeAction} as Keycloak signs it: no
	 * {@code iss}, {@code iat} or {@code exp}, an {@code expiration} 30 s ahead.
	 */
	private Consumer<Map<String, Object>> keycloakAction(Consumer<Map<String, Object>> changes) {
		return (claims) -> {
			claims.clear();
			claims.put("id", UUID.randomUUID().toString());
			claims.put("expiration", Instant.now().getEpochSecond() + 30);
			claims.put("resource", CLIENT_ID);
			claims.put("action", KeycloakNotBeforeHandler.ACTION);
			claims.put("notBefore", this.notBefore);
			changes.accept(claims);
		};
	}

	private MockHttpServletResponse push(String token) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/k_push_not_before");
		request.setContentType("text/plain");
		request.setContent(token.getBytes());
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

	private KeycloakNotBeforeHandler handler() {
		return new KeycloakNotBeforeHandler(
				JwtValidation.decoder(URI.create(this.realm.jwkSetUri()), Duration.ofSeconds(2), Duration.ofSeconds(2),
						KeycloakNotBeforeHandler.actionValidator(CLIENT_ID)),
				this.invalidator,
				new OneTimeTokens(new InMemoryRevocationStore(Clock.systemUTC()), new CacheKeys("authcache:", null)),
				ISSUER);
	}

}
