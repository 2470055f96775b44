/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.resolver.kratos.KratosSessionResolver;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for stale-if-error in {@link CredentialCache} against a real {@code redis-server}
 * and the Ory stub: entries past their TTL answer only when the upstream gives no
 * verdict, within the grace, before the credential expires, and never for a revoked
 * credential.
 *
 * @author authcache authors
 */
class StaleIfErrorTests {

	private static final Duration TTL = Duration.ofSeconds(60);

	private static final Duration GRACE = Duration.ofSeconds(30);

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private final CredentialCacheTests.MutableClock clock = new CredentialCacheTests.MutableClock(Instant.now());

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private JedisConnectionFactory connectionFactory;

	private Jedis jedis;

	private Revocations revocations;

	private CredentialCache cache;

	@BeforeEach
	void setUp() {
		this.connectionFactory = new JedisConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.jedis = redis.jedis();
		this.jedis.flushAll();
		ory.reset();
		ory.clearState();
		ory.resetCounters();
		this.cache = newCache(GRACE);
	}

	@AfterEach
	void tearDown() {
		this.jedis.close();
		this.connectionFactory.destroy();
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void lookupWhenUpstreamFailsWithinTheGraceThenStaleEntryServedAndCounted() {
		Credential credential = session(null);
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.jedis.pttl(onlyKey())).isBetween(84_000L, 90_000L);
		this.clock.advance(TTL.plusSeconds(10));
		ory.failWith(503);
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.meters.get("authcache.stale.served").tag("kind", "session").counter().count()).isEqualTo(1);
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void lookupWhenUpstreamAnswersPastTheTtlThenMissNotStale() {
		Credential credential = session(null);
		this.cache.lookup(credential, null);
		this.clock.advance(TTL.plusSeconds(10));
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(ory.whoamiCalls()).isEqualTo(2);
		assertThat(this.meters.get("authcache.stale.served").tag("kind", "session").counter().count()).isZero();
	}

	@Test
	void lookupWhenUpstreamFailsPastTheGraceThenUpstreamFailureStands() {
		Credential credential = session(null);
		this.cache.lookup(credential, null);
		this.clock.advance(TTL.plus(GRACE).plusSeconds(1));
		ory.failWith(503);
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> this.cache.lookup(credential, null));
	}

	@Test
	void lookupWhenUpstreamFailsAfterTheCredentialExpiredThenNotServed() {
		Credential credential = session(Instant.now().plusSeconds(80));
		this.cache.lookup(credential, null);
		assertThat(this.jedis.pttl(onlyKey())).isBetween(70_000L, 80_500L);
		this.clock.advance(Duration.ofSeconds(81));
		ory.failWith(503);
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> this.cache.lookup(credential, null));
	}

	@Test
	void lookupWhenCredentialRevokedThenStaleEntryNotServed() {
		KratosSessionSpec session = ory.registerSession();
		Credential credential = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.cache.lookup(credential, null);
		this.clock.advance(TTL.plusSeconds(10));
		this.revocations.revokeUser(session.identityId(), Instant.now());
		ory.failWith(503);
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> this.cache.lookup(credential, null));
	}

	@Test
	void lookupWhenCallerDemandsAMaxAgeThenStaleEntryNotServed() {
		Credential credential = session(null);
		this.cache.lookup(credential, null);
		this.clock.advance(TTL.plusSeconds(10));
		ory.failWith(503);
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> this.cache.lookup(credential, Duration.ofSeconds(10)));
	}

	@Test
	void lookupWhenStaleIfErrorOffThenEntryWrittenAsBefore() {
		this.cache = newCache(Duration.ZERO);
		Credential credential = session(null);
		this.cache.lookup(credential, null);
		String key = onlyKey();
		assertThat(this.jedis.pttl(key)).isBetween(53_000L, 60_000L);
		assertThat(this.jedis.get(key)).doesNotContain("\"fu\"");
	}

	private Credential session(Instant expiresAt) {
		KratosSessionSpec spec = (expiresAt != null)
				? ory.registerSession(KratosSessionSpec.builder().expiresAt(expiresAt).build()) : ory.registerSession();
		return new Credential(CredentialType.SESSION_TOKEN, spec.requiredToken());
	}

	private CredentialCache newCache(Duration grace) {
		UpstreamHttpClient http = new UpstreamHttpClient(Duration.ofSeconds(1), Duration.ofMillis(500));
		List<IdentityResolver> resolvers = List
			.of(new KratosSessionResolver(URI.create(ory.kratosPublicUrl()), http, JsonMapper.builder().build()));
		StringRedisTemplate redisTemplate = new StringRedisTemplate(this.connectionFactory);
		CacheKeys keys = new CacheKeys("authcache:", null);
		TtlPolicy ttlPolicy = new TtlPolicy(TTL, TTL, Duration.ofSeconds(5));
		ttlPolicy.setStaleIfError(grace);
		this.revocations = new Revocations(new RedisRevocationStore(redisTemplate), keys, ttlPolicy);
		CredentialCache cache = new CredentialCache(resolvers, new RedisAuthCacheStore(redisTemplate), keys, ttlPolicy,
				this.revocations);
		cache.setClock(this.clock);
		cache.setMetrics(new MicrometerAuthCacheMetrics(this.meters));
		return cache;
	}

	private String onlyKey() {
		Set<String> keys = this.jedis.keys("authcache:session:*");
		assertThat(keys).hasSize(1);
		return keys.iterator().next();
	}

}
