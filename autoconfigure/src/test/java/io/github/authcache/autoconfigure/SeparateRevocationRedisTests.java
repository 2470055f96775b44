/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.Revocations;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for revocation state in a Redis of its own
 * ({@code authcache.revocation.redis-url}), configured {@code noeviction}, while entries
 * live in an {@code allkeys-lru} Redis.
 *
 * @author authcache authors
 */
class SeparateRevocationRedisTests {

	private static final RedisServer entries = RedisServer.builder()
		.config("maxmemory", "64mb")
		.config("maxmemory-policy", "allkeys-lru")
		.start();

	private static final RedisServer marks = RedisServer.builder()
		.password("marks-secret")
		.config("maxmemory-policy", "noeviction")
		.start();

	private static final OryStub ory = OryStub.start();

	@AfterAll
	static void stopServers() {
		ory.close();
		entries.close();
		marks.close();
	}

	@Test
	void revocationMarksLiveInTheirOwnRedisAndAreEnforced() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class))
			.withPropertyValues(CacheData.SECRET_PROPERTY, "spring.data.redis.client-type=jedis",
					"spring.data.redis.port=" + entries.port(), "authcache.kratos.base-url=" + ory.kratosPublicUrl(),
					"authcache.revocation.redis-url=redis://:marks-secret@127.0.0.1:" + marks.port() + "/0")
			.run((context) -> {
				assertThat(context.getBean(RevocationRedis.class).isSeparate()).isTrue();
				KratosSessionSpec session = ory.registerSession();
				Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
				CredentialCache cache = context.getBean(CredentialCache.class);
				cache.lookup(token, null);
				cache.lookup(token, null);
				assertThat(ory.whoamiCalls()).isEqualTo(1);
				assertThat(context.getBean(Revocations.class).hintedMarkKeys(cache.entryKeys(token).get(0)))
					.as("marks read alongside the entry, from their own Redis")
					.contains(context.getBean(CacheKeys.class).userMarkKey(session.identityId()));
				try (Jedis entriesRedis = entries.jedis(); Jedis marksRedis = marks.jedis()) {
					marksRedis.auth("marks-secret");
					entriesRedis.del("authcache:user:" + session.identityId());
					ory.revokeSession(session.sessionId());
					context.getBean(AuthCacheInvalidator.class).invalidateUser(session.identityId());
					assertThat(marksRedis.keys("authcache:revoked:*")).hasSize(1);
					assertThat(entriesRedis.keys("authcache:revoked:*")).isEmpty();
					assertThat(entriesRedis.keys("authcache:session:*")).as("entry the tag set no longer names")
						.hasSize(1);
				}
				assertThat(cache.lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
			});
	}

}
