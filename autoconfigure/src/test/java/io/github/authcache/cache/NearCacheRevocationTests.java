/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import io.github.authcache.testing.CacheFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a near-cache hit is checked against revocations like a Redis hit: against
 * the marks this process knows, and for a JWT id against the store too. Two caches share
 * one real {@code redis-server}, without broadcasts between them.
 *
 * @author authcache authors
 */
class NearCacheRevocationTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private CacheFixture fixture;

	private CacheFixture other;

	private Jedis jedis;

	@BeforeEach
	void setUp() {
		this.jedis = redis.jedis();
		CacheData.clear(this.jedis);
		ory.reset();
		ory.clearState();
		ory.resetCounters();
		this.fixture = new CacheFixture(redis, ory);
		this.fixture.cache().setNearCache(new CaffeineNearCache(Duration.ofSeconds(30), 100, this.fixture.keys()));
		this.other = new CacheFixture(redis, ory);
	}

	@AfterEach
	void tearDown() {
		this.other.close();
		this.fixture.close();
		this.jedis.close();
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void lookupWhenInvalidatedOnThisInstanceThenItsNearEntryIsRefused() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		assertThat(this.fixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		ory.revokeSession(session.sessionId());
		this.fixture.invalidator().invalidateCredential(token);
		assertThat(this.fixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(ory.whoamiCalls()).as("asked the upstream again").isEqualTo(2);
	}

	@Test
	void lookupWhenJwtIdRevokedOnAnotherInstanceThenTheNearEntryIsRefusedWithoutABroadcast() {
		OAuth2TokenSpec spec = ory.registerToken(OAuth2TokenSpec.builder().jti("jti-" + System.nanoTime()).build());
		Credential token = new Credential(CredentialType.ACCESS_TOKEN, spec.token());
		assertThat(this.fixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		CacheData.clear(this.jedis);
		assertThat(this.fixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(ory.introspectCalls()).as("answered by the near cache").isEqualTo(1);
		this.other.invalidator().revokeJti(ory.baseUrl() + "/", spec.jti(), spec.expiresAt());
		assertThat(this.fixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(ory.introspectCalls()).as("refused by the mark, not by the upstream").isEqualTo(1);
	}

}
