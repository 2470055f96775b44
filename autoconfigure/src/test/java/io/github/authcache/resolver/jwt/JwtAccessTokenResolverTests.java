/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheFixture;
import io.github.authcache.testing.JwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for local JWT mode: {@link JwtAccessTokenResolver} under the cache, with the JTI
 * blacklist in a real {@code redis-server}.
 *
 * @author authcache authors
 */
@ExtendWith(RealServersExtension.class)
class JwtAccessTokenResolverTests {

	private final RedisServer redis;

	private final OryStub ory;

	private static final JwtIssuer hydra = new JwtIssuer();

	private static final JwtIssuer stranger = new JwtIssuer();

	private CacheFixture fixture;

	private Jedis jedis;

	JwtAccessTokenResolverTests(RedisServer redis, OryStub ory) {
		this.redis = redis;
		this.ory = ory;
	}

	@BeforeEach
	void setUp() {
		this.jedis = this.redis.jedis();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(hydra.jwkSetUri()).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(hydra.issuer()));
		this.fixture = new CacheFixture(this.redis, this.ory, new JwtAccessTokenResolver(decoder));
	}

	@AfterEach
	void tearDown() {
		this.fixture.close();
		this.jedis.close();
	}

	@AfterAll
	static void stopServers() {
		hydra.close();
		stranger.close();
	}

	@Test
	void lookupWhenValidJwtThenAuthenticatedWithScopesAndNothingStored() {
		String jti = UUID.randomUUID().toString();
		Credential token = token(hydra.sign((claims) -> {
			claims.put("sub", "user-1");
			claims.put("jti", jti);
			claims.put("scp", List.of("read", "write"));
		}));
		CacheLookup lookup = this.fixture.cache().lookup(token, null);
		assertThat(lookup).isInstanceOf(CacheLookup.Authenticated.class);
		CacheLookup.Authenticated authenticated = (CacheLookup.Authenticated) lookup;
		assertThat(authenticated.identity().subject()).isEqualTo("user-1");
		assertThat(authenticated.identity().tokenId()).isEqualTo(jti);
		assertThat(authenticated.identity().authorities()).containsExactly("SCOPE_read", "SCOPE_write");
		assertThat(this.jedis.keys("*")).isEmpty();
		assertThat(this.ory.introspectCalls()).isZero();
	}

	@Test
	void lookupWhenJtiRevokedThenRejectedEvenReencodedAndMarkLastsUntilExp() {
		String jti = UUID.randomUUID().toString();
		Instant exp = Instant.now().plusSeconds(120);
		Credential token = token(hydra.sign((claims) -> {
			claims.put("sub", "user-1");
			claims.put("jti", jti);
			claims.put("exp", exp);
		}));
		assertThat(this.fixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.fixture.invalidator().revokeJti(hydra.issuer(), jti, exp);
		assertThat(this.fixture.cache().lookup(token, null))
			.isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
		Credential sameJtiOtherToken = token(hydra.sign((claims) -> {
			claims.put("sub", "user-1");
			claims.put("jti", jti);
		}));
		assertThat(this.fixture.cache().lookup(sameJtiOtherToken, null))
			.isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
		assertThat(this.jedis.pttl(this.fixture.keys().jtiMarkKey(hydra.issuer(), jti))).isBetween(115_000L, 120_000L);
	}

	@Test
	void lookupWhenSignatureFromAnotherKeyOrExpiredThenRejected() {
		Credential forged = token(stranger.sign((claims) -> {
			claims.put("sub", "user-1");
			claims.put("iss", hydra.issuer());
		}));
		assertThat(this.fixture.cache().lookup(forged, null)).isInstanceOf(CacheLookup.Rejected.class);
		Credential expired = token(hydra.sign((claims) -> {
			claims.put("sub", "user-1");
			claims.put("iat", Instant.now().minusSeconds(600));
			claims.put("exp", Instant.now().minusSeconds(300));
		}));
		assertThat(this.fixture.cache().lookup(expired, null)).isInstanceOf(CacheLookup.Rejected.class);
	}

	@Test
	void lookupWhenUserInvalidatedThenTokensIssuedBeforeAreRejected() {
		Credential token = token(hydra.sign((claims) -> claims.put("sub", "user-2")));
		assertThat(this.fixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.fixture.invalidator().invalidateUser("user-2");
		assertThat(this.fixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
	}

	private static Credential token(String value) {
		return new Credential(CredentialType.ACCESS_TOKEN, value);
	}

}
