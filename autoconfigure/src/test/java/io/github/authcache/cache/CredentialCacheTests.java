/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resolver.Identity;
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
 * Tests for {@link CredentialCache} against a real {@code redis-server} and an Ory stub
 * that follows the wire contract.
 *
 * @author authcache authors
 */
class CredentialCacheTests {

	private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes";

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private final MutableClock clock = new MutableClock(Instant.now());

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final CacheEntryCodec codec = new CacheEntryCodec();

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
	void lookupWhenRepeatedThenOneUpstreamCall() {
		KratosSessionSpec session = ory.registerSession();
		Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
		CacheLookup first = this.cache.lookup(cookie, null);
		CacheLookup second = this.cache.lookup(cookie, null);
		assertThat(first).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(second)
			.isEqualTo(new CacheLookup.Authenticated(((CacheLookup.Authenticated) first).identity(), List.of()));
		assertThat(((CacheLookup.Authenticated) second).identity().subject()).isEqualTo(session.identityId());
		assertThat(((CacheLookup.Authenticated) second).identity().sessionId()).isEqualTo(session.sessionId());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
		assertThat(counter("session", "miss")).isEqualTo(1);
		assertThat(counter("session", "hit")).isEqualTo(1);
	}

	@Test
	void lookupWhenSessionFarFromExpiryThenTtlIsTheSessionTtl() {
		KratosSessionSpec session = ory.registerSession();
		this.cache.lookup(new Credential(CredentialType.SESSION_TOKEN, session.requiredToken()), null);
		String key = onlyKey("authcache:session:*");
		assertThat(this.jedis.pttl(key)).isBetween(53_000L, 60_000L);
		String userKey = "authcache:user:" + session.identityId();
		assertThat(this.jedis.smembers(userKey)).containsExactly(key);
		assertThat(this.jedis.pttl(userKey)).isGreaterThanOrEqualTo(this.jedis.pttl(key));
	}

	@Test
	void lookupWhenSessionExpiresSoonThenTtlEndsWithTheSession() {
		KratosSessionSpec session = ory
			.registerSession(KratosSessionSpec.builder().expiresAt(Instant.now().plusSeconds(20)).build());
		this.cache.lookup(new Credential(CredentialType.SESSION_TOKEN, session.requiredToken()), null);
		assertThat(this.jedis.pttl(onlyKey("authcache:session:*"))).isBetween(17_000L, 20_000L);
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
	void lookupWhenTokenExpiresSoonThenTtlEndsWithTheToken() {
		OAuth2TokenSpec token = ory
			.registerToken(OAuth2TokenSpec.builder().expiresAt(Instant.now().plusSeconds(30)).build());
		this.cache.lookup(new Credential(CredentialType.ACCESS_TOKEN, token.token()), null);
		assertThat(this.jedis.pttl(onlyKey("authcache:token:*"))).isBetween(25_000L, 30_000L);
	}

	@Test
	void lookupWhenInactiveThenCachedForTheNegativeTtlOnly() {
		Credential unknown = new Credential(CredentialType.ACCESS_TOKEN, "ory_at_unknown.token");
		assertThat(this.cache.lookup(unknown, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(this.cache.lookup(unknown, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(ory.introspectCalls()).isEqualTo(1);
		assertThat(this.jedis.pttl(onlyKey("authcache:token:*"))).isBetween(4_000L, 5_000L);
		assertThat(this.jedis.keys("authcache:user:*")).isEmpty();
		assertThat(counter("token", "negative_hit")).isEqualTo(1);
	}

	@Test
	void lookupWhenUpstreamFailsThenNothingIsCachedAndTheNextLookupAsksAgain() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		ory.failWith(503);
		assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> this.cache.lookup(token, null));
		ory.failWith(500);
		assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> this.cache.lookup(token, null));
		assertThat(this.jedis.keys("*")).isEmpty();
		ory.reset();
		assertThat(this.cache.lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(ory.whoamiCalls()).isEqualTo(3);
		assertThat(counter("session", "error")).isEqualTo(2);
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
	void lookupWhenCachedEntryIsPastExpiryThenRejectedWithoutUpstreamCall() {
		OAuth2TokenSpec token = ory
			.registerToken(OAuth2TokenSpec.builder().expiresAt(Instant.now().plusSeconds(40)).build());
		Credential credential = new Credential(CredentialType.ACCESS_TOKEN, token.token());
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.clock.advance(Duration.ofSeconds(41));
		assertThat(this.cache.lookup(credential, null))
			.isEqualTo(new CacheLookup.Rejected("The credential has expired"));
		assertThat(ory.introspectCalls()).isEqualTo(1);
	}

	@Test
	void lookupWhenManyConcurrentLookupsOfOneColdCredentialThenOneUpstreamCall() throws Exception {
		ory.latency(Duration.ofMillis(50));
		Credential credential = new Credential(CredentialType.ACCESS_TOKEN, ory.registerToken().token());
		ExecutorService executor = Executors.newFixedThreadPool(100);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Callable<CacheLookup>> lookups = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				lookups.add(() -> {
					start.await();
					return this.cache.lookup(credential, null);
				});
			}
			List<Future<CacheLookup>> results = lookups.stream().map(executor::submit).toList();
			start.countDown();
			for (Future<CacheLookup> result : results) {
				assertThat(result.get()).isInstanceOf(CacheLookup.Authenticated.class);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(ory.introspectCalls()).isEqualTo(1);
	}

	@Test
	void lookupWhenValueIsCorruptThenMissAndRewritten() {
		KratosSessionSpec session = ory.registerSession();
		Credential credential = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.cache.lookup(credential, null);
		String key = onlyKey("authcache:session:*");
		String genuine = this.jedis.get(key);
		this.jedis.set(key, genuine.substring(0, genuine.length() - 5));
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		byte[] otherVersion = this.codec.encode(
				new CacheEntry(new Identity("attacker", null, null, null, List.of(), Map.of()), this.clock.instant()));
		otherVersion[0] = CacheEntryCodec.VERSION + 1;
		this.jedis.set(key, ValueProtection.NONE.seal(key, otherVersion));
		CacheLookup lookup = this.cache.lookup(credential, null);
		assertThat(((CacheLookup.Authenticated) lookup).identity().subject()).isEqualTo(session.identityId());
		assertThat(ory.whoamiCalls()).isEqualTo(3);
		assertThat(stored(key).identity().subject()).isEqualTo(session.identityId());
	}

	@Test
	void lookupWhenEntryIsOlderThanMaxAgeThenRefreshedWithMaxAgeZero() {
		KratosSessionSpec session = ory.registerSession();
		Credential credential = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
		this.cache.lookup(credential, Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(5));
		this.cache.lookup(credential, Duration.ofSeconds(10));
		assertThat(ory.whoamiCalls()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(6));
		this.cache.lookup(credential, Duration.ofSeconds(10));
		assertThat(ory.whoamiCalls()).isEqualTo(2);
		assertThat(ory.lastRequest().orElseThrow().header("Cache-Control")).isEqualTo("max-age=0");
		this.cache.lookup(credential, null);
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void lookupWhenSessionRevokedUpstreamThenCachedUntilTheTtlEnds() {
		KratosSessionSpec session = ory.registerSession();
		Credential credential = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.cache.lookup(credential, null);
		ory.revokeSession(session.sessionId());
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.jedis.del(onlyKey("authcache:session:*"));
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Rejected.class);
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
	void lookupWhenSecretSetThenAForgedOrMovedValueIsNeverAccepted() {
		this.cache.setValueProtection(ValueProtection.of("s3cret", false));
		KratosSessionSpec victim = ory.registerSession();
		KratosSessionSpec attacker = ory.registerSession();
		Credential victimToken = new Credential(CredentialType.SESSION_TOKEN, victim.requiredToken());
		Credential attackerToken = new Credential(CredentialType.SESSION_TOKEN, attacker.requiredToken());
		this.cache.lookup(victimToken, null);
		this.cache.lookup(attackerToken, null);
		String victimKey = this.cache.entryKeys(victimToken).get(0);
		String attackerKey = this.cache.entryKeys(attackerToken).get(0);
		this.jedis.set(attackerKey, this.jedis.get(victimKey));
		CacheLookup moved = this.cache.lookup(attackerToken, null);
		assertThat(((CacheLookup.Authenticated) moved).identity().subject()).isEqualTo(attacker.identityId());
		this.jedis.set(attackerKey,
				value(new CacheEntry(new Identity(victim.identityId(), null, null, null, List.of(), Map.of()),
						this.clock.instant())));
		CacheLookup forged = this.cache.lookup(attackerToken, null);
		assertThat(((CacheLookup.Authenticated) forged).identity().subject()).isEqualTo(attacker.identityId());
		assertThat(ory.whoamiCalls()).isEqualTo(4);
	}

	@Test
	void lookupWhenValuesEncryptedThenTraitsAreNotInRedis() {
		this.cache.setValueProtection(ValueProtection.of("s3cret", true));
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.cache.lookup(token, null);
		this.cache.lookup(token, null);
		assertThat(ory.whoamiCalls()).isEqualTo(1);
		String key = onlyKey("authcache:session:*");
		byte[] stored = Base64.getUrlDecoder().decode(this.jedis.get(key));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("@example.org");
		assertThat(this.codec.decode(ByteBuffer.wrap(stored))).isNull();
	}

	@Test
	void lookupWhenTypicalSessionThenTheEntryUsesAtMost512BytesInRedis() {
		assertThat(typicalSessionEntryBytes()).isLessThanOrEqualTo(512L);
	}

	@Test
	void lookupWhenTypicalSessionAndSecretThenTheEntryUsesAtMost512BytesInRedis() {
		this.cache.setValueProtection(ValueProtection.of(SECRET, List.of("an-earlier-secret"), false));
		assertThat(typicalSessionEntryBytes()).isLessThanOrEqualTo(512L);
	}

	@Test
	void lookupWhenTypicalSessionAndValuesEncryptedThenTheEntryUsesAtMost512BytesInRedis() {
		this.cache.setValueProtection(ValueProtection.of(SECRET, List.of("an-earlier-secret"), true));
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

	@Test
	void lookupWhenAValueIsFetchedInTheFutureThenMiss() {
		// Without a secret (allow-unauthenticated-values, insecure): any value can be
		// forged, but not one that dodges marks and freshness with a future fetch time
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.cache.lookup(token, null);
		String key = onlyKey("authcache:session:*");
		this.jedis.set(key, value(new CacheEntry(stored(key).identity(), this.clock.instant().plusSeconds(3600))));
		this.cache.lookup(token, null);
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void lookupWhenNoSecretThenAForgedValueWithinTheBoundsIsAcceptedWhichIsWhyASecretIsRequired() {
		KratosSessionSpec attacker = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, attacker.requiredToken());
		String key = this.cache.entryKeys(token).get(0);
		this.jedis.set(key, value(
				new CacheEntry(new Identity("admin", null, null, null, List.of(), Map.of()), this.clock.instant())));
		CacheLookup forged = this.cache.lookup(token, null);
		assertThat(((CacheLookup.Authenticated) forged).identity().subject()).isEqualTo("admin");
		assertThat(ory.whoamiCalls()).isZero();
	}

	@Test
	void lookupWhenANegativeValueHasNoTtlThenItEndsWithTheNegativeTtl() {
		KratosSessionSpec victim = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, victim.requiredToken());
		String key = this.cache.entryKeys(token).get(0);
		this.jedis.set(key, value(new CacheEntry(null, this.clock.instant())));
		assertThat(this.cache.lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(this.cache.lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(ory.whoamiCalls()).isOne();
	}

	@Test
	void lookupWhenAValueIsLargerThanTheCapThenMissAndNotDecoded() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		String key = this.cache.entryKeys(token).get(0);
		this.jedis.set(key, forgedValueOfLength(EntryJudge.MAX_VALUE_LENGTH));
		assertThat(((CacheLookup.Authenticated) this.cache.lookup(token, null)).identity().subject()).as("at the cap")
			.isEqualTo("forged");
		// A base64url text is never 4n + 1 long: the next length is 2 over the cap
		this.jedis.set(key, forgedValueOfLength(EntryJudge.MAX_VALUE_LENGTH + 2));
		assertThat(((CacheLookup.Authenticated) this.cache.lookup(token, null)).identity().subject())
			.as("just over the cap")
			.isEqualTo(session.identityId());
		assertThat(ory.whoamiCalls()).isOne();
	}

	@Test
	void entryKeysWhenSecretsRotateThenTheKeysUnderEverySecretSoARevocationReachesOldInstances() {
		Credential token = new Credential(CredentialType.SESSION_TOKEN, "ory_st_rotated");
		CredentialCache before = newCache(ory, new CacheKeys("authcache:", SECRET));
		CredentialCache after = newCache(ory, new CacheKeys("authcache:", SECRET.toUpperCase(), List.of(SECRET)));
		assertThat(after.entryKeys(token)).hasSize(2).containsAll(before.entryKeys(token));
		assertThat(after.entryKeys(token).get(0)).isNotEqualTo(before.entryKeys(token).get(0));
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

	/**
	 * Return the entry stored under a key by a cache without a secret.
	 */
	private CacheEntry stored(String key) {
		ByteBuffer plain = ValueProtection.NONE.open(key, this.jedis.get(key));
		CacheEntry entry = (plain != null) ? this.codec.decode(plain) : null;
		assertThat(entry).as("the entry under " + key).isNotNull();
		return entry;
	}

	/**
	 * Return a value as a cache without a secret writes it (so anyone can forge one).
	 */
	private String value(CacheEntry entry) {
		return ValueProtection.NONE.seal("any key", this.codec.encode(entry));
	}

	private String forgedValueOfLength(int length) {
		for (int pad = length * 3 / 4 - 64; pad < length; pad++) {
			String value = value(
					new CacheEntry(new Identity("forged", null, null, null, List.of(), Map.of("pad", "x".repeat(pad))),
							this.clock.instant()));
			if (value.length() >= length) {
				assertThat(value).hasSize(length);
				return value;
			}
		}
		throw new IllegalStateException("No value of length " + length);
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
