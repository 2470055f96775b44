/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.cache.redis.RedisRefreshClaims;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.kratos.KratosSessionResolver;
import io.github.authcache.test.ory.AnswerHold;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.MutableClock;
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

/**
 * Tests that two instances sharing one {@code redis-server} make one background refresh
 * of a credential per interval ({@link RedisRefreshClaims}), against an Ory stub whose
 * answers the test holds.
 *
 * @author authcache authors
 */
class RefreshClaimsOnRedisTests {

	private static final Duration TTL = Duration.ofSeconds(60);

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private final Instant start = Instant.now();

	private final Instance first = new Instance();

	private final Instance second = new Instance();

	private JedisConnectionFactory connectionFactory;

	private Jedis jedis;

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
		this.first.start(this.connectionFactory);
		this.second.start(this.connectionFactory);
	}

	@AfterEach
	void tearDown() {
		this.first.background.close();
		this.second.background.close();
		this.jedis.close();
		this.connectionFactory.destroy();
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void hitsOnTwoInstancesWhenARefreshIsDueThenOneUpstreamCallAndAClaimForTheInterval() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		Credential credential = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.first.cache.lookup(credential, null);
		this.first.clock.advance(Duration.ofSeconds(31));
		this.second.clock.advance(Duration.ofSeconds(31));
		try (AnswerHold hold = ory.holdAnswersAfterRead()) {
			assertThat(CompletableFuture.supplyAsync(() -> this.first.cache.lookup(credential, null))
				.get(10, TimeUnit.SECONDS)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(hold.awaitReads(1, Duration.ofSeconds(10))).isTrue();
			assertThat(this.second.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
			this.second.background.awaitIdle();
			assertThat(this.second.background.tasks()).isOne();
		}
		this.first.background.awaitIdle();
		assertThat(ory.whoamiCalls()).isEqualTo(2);
		assertThat(this.first.refreshes("active")).isOne();
		assertThat(this.second.refreshes("started")).isZero();
		String claim = this.jedis.keys("authcache:refresh:session:*").iterator().next();
		assertThat(this.jedis.pttl(claim)).isBetween(1L, Duration.ofSeconds(30).toMillis());
	}

	private final class Instance {

		final MutableClock clock = new MutableClock(RefreshClaimsOnRedisTests.this.start);

		final SimpleMeterRegistry meters = new SimpleMeterRegistry();

		final BackgroundExecutor background = new BackgroundExecutor();

		CredentialCache cache;

		void start(JedisConnectionFactory connectionFactory) {
			UpstreamHttpClient http = new UpstreamHttpClient(Duration.ofSeconds(1), Duration.ofSeconds(10));
			StringRedisTemplate redisTemplate = new StringRedisTemplate(connectionFactory);
			CacheKeys keys = new CacheKeys("authcache:", null);
			TtlPolicy ttlPolicy = new TtlPolicy(TTL, TTL, Duration.ofSeconds(5));
			Revocations revocations = new Revocations(new RedisRevocationStore(redisTemplate), keys, ttlPolicy);
			revocations.setMarksReadWithEntries(true);
			this.cache = new CredentialCache(
					List.of(new KratosSessionResolver(URI.create(ory.kratosPublicUrl()), http,
							JsonMapper.builder().build())),
					new RedisAuthCacheStore(redisTemplate), keys, ttlPolicy, revocations);
			this.cache.setClock(this.clock);
			this.cache.setMetrics(new MicrometerAuthCacheMetrics(this.meters));
			this.cache.setRefreshExecutor(this.background);
			this.cache.setRefreshClaims(new RedisRefreshClaims(redisTemplate, "authcache:"));
		}

		double refreshes(String result) {
			return this.meters.get("authcache.refresh").tag("kind", "session").tag("result", result).counter().count();
		}

	}

}
