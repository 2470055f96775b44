/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.resolver.introspection.TokenIntrospectionResolver;
import io.github.authcache.resolver.kratos.KratosSessionResolver;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CredentialCache} on what needs a real {@code redis-server} or real
 * HTTP: the memory an entry uses, a value written back without a TTL, Redis down, what
 * Redis holds, and the resolvers' wire (timeouts, {@code Cache-Control}, token use)
 * against an Ory stub that follows the wire contract. The engine's rules are in
 * {@link CredentialCacheTests}.
 *
 * @author authcache authors
 */
class CredentialCacheOnRedisTests {

	private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes";

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private final MutableClock clock = new MutableClock(Instant.now());

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private JedisConnectionFactory connectionFactory;

	private Jedis jedis;

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
		this.cache = newCache(ory);
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
	void lookupWhenUpstreamSendsSessionCacheForThenTtlIsCapped() {
		try (OryStub cacheable = OryStub.builder().sessionCacheMaxAge(Duration.ofSeconds(10)).start()) {
			KratosSessionSpec session = cacheable.registerSession();
			newCache(cacheable).lookup(new Credential(CredentialType.SESSION_TOKEN, session.requiredToken()), null);
			assertThat(this.jedis.pttl(onlyKey("authcache:session:*"))).isBetween(8_000L, 10_000L);
		}
	}

	@Test
	void lookupWhenUpstreamHangsThenUnavailableAfterTheReadTimeout() {
		ory.hang();
		Credential token = new Credential(CredentialType.ACCESS_TOKEN, ory.registerToken().token());
		assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> this.cache.lookup(token, null));
		assertThat(this.jedis.keys("*")).isEmpty();
	}

	@Test
	void lookupThenNoKeyOrValueInRedisContainsTheRawCredential() {
		KratosSessionSpec session = ory.registerSession();
		OAuth2TokenSpec token = ory.registerToken();
		List<String> secrets = List.of(session.cookieValue(), session.requiredToken(), token.token());
		this.cache.lookup(new Credential(CredentialType.SESSION_COOKIE, session.cookieValue()), null);
		this.cache.lookup(new Credential(CredentialType.SESSION_TOKEN, session.requiredToken()), null);
		this.cache.lookup(new Credential(CredentialType.ACCESS_TOKEN, token.token()), null);
		this.cache.lookup(new Credential(CredentialType.ACCESS_TOKEN, "ory_at_unknown.secret"), null);
		Set<String> keys = this.jedis.keys("*");
		assertThat(keys).hasSize(7);
		List<String> stored = new ArrayList<>(keys);
		for (String key : keys) {
			stored.addAll("set".equals(this.jedis.type(key)) ? this.jedis.smembers(key) : List.of(this.jedis.get(key)));
		}
		for (String secret : List.of(session.cookieValue(), session.requiredToken(), token.token(),
				"ory_at_unknown.secret")) {
			assertThat(stored).noneMatch((value) -> value.contains(secret));
		}
		assertThat(secrets).allMatch((secret) -> secret.length() > 20);
	}

	@Test
	void lookupWhenRefreshTokenThenRejected() {
		OAuth2TokenSpec access = OAuth2TokenSpec.builder().build();
		OAuth2TokenSpec refresh = OAuth2TokenSpec.refreshTokenFor(access).build();
		ory.registerTokenPair(access, refresh);
		Credential credential = new Credential(CredentialType.ACCESS_TOKEN, refresh.token());
		assertThat(this.cache.lookup(credential, null))
			.isEqualTo(new CacheLookup.Rejected("The token is not an access token"));
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(ory.introspectCalls()).isEqualTo(1);
	}

	@Test
	void lookupWhenEntryIsOlderThanMaxAgeThenRefreshedWithMaxAgeZero() {
		KratosSessionSpec session = ory.registerSession();
		Credential credential = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
		this.cache.lookup(credential, Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(11));
		this.cache.lookup(credential, Duration.ofSeconds(10));
		assertThat(ory.whoamiCalls()).isEqualTo(2);
		assertThat(ory.lastRequest().orElseThrow().header("Cache-Control")).isEqualTo("max-age=0");
	}

	@Test
	void lookupWhenRedisIsDownThenAnsweredByTheUpstream() {
		KratosSessionSpec session = ory.registerSession();
		Credential credential = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		redis.stop();
		try {
			assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(ory.whoamiCalls()).isEqualTo(2);
		}
		finally {
			redis.start();
		}
		this.connectionFactory.destroy();
		setUp();
		this.cache.lookup(credential, null);
		this.cache.lookup(credential, null);
		assertThat(ory.whoamiCalls()).isEqualTo(1);
	}

	@Test
	void lookupWhenTypicalSessionThenTheEntryUsesAtMost512BytesInRedis() {
		assertThat(typicalSessionEntryBytes()).isLessThanOrEqualTo(512L);
	}

	@Test
	void lookupWhenTypicalSessionAndSecretThenTheEntryUsesAtMost512BytesInRedis() {
		this.cache.setValueProtection(ValueProtection.of(SECRET, false));
		assertThat(typicalSessionEntryBytes()).isLessThanOrEqualTo(512L);
	}

	@Test
	void lookupWhenTypicalSessionAndValuesEncryptedThenTheEntryUsesAtMost512BytesInRedis() {
		this.cache.setValueProtection(ValueProtection.of(SECRET, true));
		assertThat(typicalSessionEntryBytes()).isLessThanOrEqualTo(512L);
	}

	/**
	 * Cache a session shaped like {@code fixtures/kratos/whoami-200-session.json} (its
	 * traits, one method, aal1) and return its entry's {@code MEMORY USAGE}.
	 */
	private long typicalSessionEntryBytes() {
		Map<String, Object> traits = Map.of("consent", Map.of("newsletter", false, "tos", "2022-12-01T13:50:28.706Z"),
				"email", "user@example.org", "name", "User");
		KratosSessionSpec session = ory.registerSession(KratosSessionSpec.builder().traits(traits).build());
		Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
		this.cache.lookup(cookie, null);
		String key = onlyKey("authcache:session:*");
		assertThat(this.cache.lookup(cookie, null)).as("a hit on the entry measured")
			.isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(ory.whoamiCalls()).isOne();
		return this.jedis.memoryUsage(key);
	}

	@Test
	void lookupWhenAGenuineValueIsWrittenBackAfterItsMarksExpiredThenMiss() {
		this.cache.setValueProtection(ValueProtection.of(SECRET, false));
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.cache.lookup(token, null);
		String key = onlyKey("authcache:session:*");
		String saved = this.jedis.get(key);
		// Logged out at Kratos; the entry is gone and the marks have expired by now
		ory.revokeSession(session.sessionId());
		this.jedis.del(key);
		this.clock.advance(Duration.ofSeconds(61));
		this.jedis.set(key, saved);
		assertThat(this.jedis.pttl(key)).as("written back without a TTL").isEqualTo(-1);
		assertThat(this.cache.lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void lookupWhenAGenuineValueIsReadWithinItsTtlThenHit() {
		this.cache.setValueProtection(ValueProtection.of(SECRET, false));
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.cache.lookup(token, null);
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.cache.lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(ory.whoamiCalls()).isOne();
	}

	private CredentialCache newCache(OryStub stub) {
		return newCache(stub, new CacheKeys("authcache:", null));
	}

	private CredentialCache newCache(OryStub stub, CacheKeys keys) {
		UpstreamHttpClient http = new UpstreamHttpClient(Duration.ofSeconds(1), Duration.ofSeconds(2));
		JsonMapper json = JsonMapper.builder().build();
		List<IdentityResolver> resolvers = List.of(
				new KratosSessionResolver(URI.create(stub.kratosPublicUrl()), http, json),
				new TokenIntrospectionResolver(URI.create(stub.introspectionUri()), http, json));
		StringRedisTemplate redisTemplate = new StringRedisTemplate(this.connectionFactory);
		TtlPolicy ttlPolicy = new TtlPolicy(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(5));
		Revocations revocations = new Revocations(new RedisRevocationStore(redisTemplate), keys, ttlPolicy);
		revocations.setMarksReadWithEntries(true);
		CredentialCache cache = new CredentialCache(resolvers, new RedisAuthCacheStore(redisTemplate), keys, ttlPolicy,
				revocations);
		cache.setClock(this.clock);
		cache.setMetrics(new MicrometerAuthCacheMetrics(this.meters));
		return cache;
	}

	private String onlyKey(String pattern) {
		Set<String> keys = this.jedis.keys(pattern);
		assertThat(keys).hasSize(1);
		return keys.iterator().next();
	}

	private double counter(String kind, String result) {
		return this.meters.get("authcache.lookups").tag("kind", kind).tag("result", result).counter().count();
	}

}
