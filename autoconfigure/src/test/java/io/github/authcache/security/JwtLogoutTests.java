/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.credential.OryCredentialExtractor;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.UpstreamRevocations;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.AuthCacheContexts;
import io.github.authcache.testing.JwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that logging out with a JWT (local JWT mode) keeps the token out until it
 * expires, not only for as long as a revocation mark of its credential lives: real
 * {@code redis-server}, a JWKS of our own, the cache and invalidator of the
 * auto-configuration.
 *
 * @author authcache authors
 */
class JwtLogoutTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private static final JwtIssuer hydra = new JwtIssuer();

	@BeforeEach
	void setUp() {
		try (Jedis jedis = redis.jedis()) {
			jedis.flushAll();
		}
	}

	@AfterAll
	static void stopServers() {
		hydra.close();
		ory.close();
		redis.close();
	}

	@Test
	void logoutWithJwtThenItsIdIsBlacklistedUntilItExpires() {
		AuthCacheContexts.withJwt(redis, ory, hydra).run((context) -> {
			CredentialCache cache = context.getBean(CredentialCache.class);
			String jti = UUID.randomUUID().toString();
			Instant exp = Instant.now().plusSeconds(600);
			String jwt = hydra.sign((claims) -> {
				claims.put("sub", "user-1");
				claims.put("jti", jti);
				claims.put("exp", exp);
			});
			AuthCacheAuthenticationProvider provider = new AuthCacheAuthenticationProvider(cache);
			Credential credential = new Credential(CredentialType.ACCESS_TOKEN, jwt);
			Authentication authentication = provider.authenticate(new CredentialAuthenticationToken(credential, null));
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/logout");
			request.addHeader("Authorization", "Bearer " + jwt);
			MockHttpServletResponse response = new MockHttpServletResponse();
			AuthCacheLogoutHandler handler = new AuthCacheLogoutHandler(
					new OryCredentialExtractor(EnumSet.allOf(CredentialType.class)),
					context.getBean(AuthCacheInvalidator.class), context.getBean(UpstreamRevocations.class));
			handler.logout(request, response, authentication);
			try (Jedis jedis = redis.jedis()) {
				assertThat(jedis.pttl(context.getBean(CacheKeys.class).jtiMarkKey(hydra.issuer(), jti)))
					.as("the JTI mark lasts until the token's exp, past the credential mark's 62 s")
					.isGreaterThan(590_000L);
			}
			assertThat(cache.lookup(credential, null))
				.isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
		});
	}

}
