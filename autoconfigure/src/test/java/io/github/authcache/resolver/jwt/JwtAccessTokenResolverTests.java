/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.AuthCacheContexts;
import io.github.authcache.testing.JwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for local JWT mode: {@link JwtAccessTokenResolver} under the cache, with the JTI
 * blacklist in a real {@code redis-server}, as the auto-configuration wires them
 * ({@code authcache.jwt.*}).
 *
 * @author authcache authors
 */
class JwtAccessTokenResolverTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private static final JwtIssuer hydra = new JwtIssuer();

	private static final JwtIssuer stranger = new JwtIssuer();

	private final ApplicationContextRunner runner = AuthCacheContexts.withJwt(redis, ory, hydra);

	private Jedis jedis;

	@BeforeEach
	void setUp() {
		this.jedis = redis.jedis();
		this.jedis.flushAll();
	}

	@AfterEach
	void tearDown() {
		this.jedis.close();
	}

	@AfterAll
	static void stopServers() {
		hydra.close();
		stranger.close();
		ory.close();
		redis.close();
	}

	@Test
	void lookupWhenValidJwtThenAuthenticatedWithScopesAndNothingStored() {
		this.runner.run((context) -> {
			String jti = UUID.randomUUID().toString();
			Credential token = token(hydra.sign((claims) -> {
				claims.put("sub", "user-1");
				claims.put("jti", jti);
				claims.put("scp", List.of("read", "write"));
			}));
			Set<String> keysBefore = this.jedis.keys("*");
			CacheLookup lookup = context.getBean(CredentialCache.class).lookup(token, null);
			assertThat(lookup).isInstanceOf(CacheLookup.Authenticated.class);
			CacheLookup.Authenticated authenticated = (CacheLookup.Authenticated) lookup;
			assertThat(authenticated.identity().subject()).isEqualTo("user-1");
			assertThat(authenticated.identity().tokenId()).isEqualTo(jti);
			assertThat(authenticated.identity().authorities()).containsExactly("SCOPE_read", "SCOPE_write");
			assertThat(this.jedis.keys("*")).as("nothing stored by the lookup").isEqualTo(keysBefore);
			assertThat(ory.introspectCalls()).isZero();
		});
	}

	@Test
	void lookupWhenJtiRevokedThenRejectedEvenReencodedAndMarkLastsUntilExp() {
		this.runner.run((context) -> {
			CredentialCache cache = context.getBean(CredentialCache.class);
			String jti = UUID.randomUUID().toString();
			Instant exp = Instant.now().plusSeconds(120);
			Credential token = token(hydra.sign((claims) -> {
				claims.put("sub", "user-1");
				claims.put("jti", jti);
				claims.put("exp", exp);
			}));
			assertThat(cache.lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
			context.getBean(AuthCacheInvalidator.class).revokeJti(hydra.issuer(), jti, exp);
			assertThat(cache.lookup(token, null)).isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
			Credential sameJtiOtherToken = token(hydra.sign((claims) -> {
				claims.put("sub", "user-1");
				claims.put("jti", jti);
			}));
			assertThat(cache.lookup(sameJtiOtherToken, null))
				.isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
			assertThat(this.jedis.pttl(context.getBean(CacheKeys.class).jtiMarkKey(hydra.issuer(), jti)))
				.isBetween(115_000L, 120_000L);
		});
	}

	@Test
	void lookupWhenSignatureFromAnotherKeyOrExpiredThenRejected() {
		this.runner.run((context) -> {
			CredentialCache cache = context.getBean(CredentialCache.class);
			Credential forged = token(stranger.sign((claims) -> {
				claims.put("sub", "user-1");
				claims.put("iss", hydra.issuer());
			}));
			assertThat(cache.lookup(forged, null)).isInstanceOf(CacheLookup.Rejected.class);
			Credential expired = token(hydra.sign((claims) -> {
				claims.put("sub", "user-1");
				claims.put("iat", Instant.now().minusSeconds(600));
				claims.put("exp", Instant.now().minusSeconds(300));
			}));
			assertThat(cache.lookup(expired, null)).isInstanceOf(CacheLookup.Rejected.class);
		});
	}

	@Test
	void lookupWhenUserInvalidatedThenTokensIssuedBeforeAreRejected() {
		this.runner.run((context) -> {
			CredentialCache cache = context.getBean(CredentialCache.class);
			Credential token = token(hydra.sign((claims) -> claims.put("sub", "user-2")));
			assertThat(cache.lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
			context.getBean(AuthCacheInvalidator.class).invalidateUser("user-2");
			assertThat(cache.lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
		});
	}

	private static Credential token(String value) {
		return new Credential(CredentialType.ACCESS_TOKEN, value);
	}

}
