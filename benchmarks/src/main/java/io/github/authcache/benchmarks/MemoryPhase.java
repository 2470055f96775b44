/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.authcache.cache.CacheEntry;
import io.github.authcache.cache.CacheEntryCodec;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.TtlPolicy;
import io.github.authcache.cache.ValueProtection;
import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import redis.clients.jedis.Jedis;

import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Bytes per entry in Redis ({@code MEMORY USAGE}) for a typical Kratos session and a
 * typical access token, both cached through the real {@link CredentialCache} from the Ory
 * stub; then {@code used_memory} for 100 000 sessions written with the cache's own
 * commands (entry {@code SET … PX} plus the user tag set), each a copy of the real
 * session entry with its own ids.
 *
 * @author authcache authors
 */
final class MemoryPhase {

	static final String NONE = "no secret";

	static final String HMAC = "secret (HMAC)";

	static final String ENCRYPTED = "secret + `encrypt-values` (AES-GCM)";

	private final Settings settings;

	int fixtureBodyBytes;

	int whoamiBodyBytes;

	long sessionEntryBytes;

	/**
	 * Per value protection ({@code none}, {@code HMAC}, {@code AES-GCM}): the session
	 * entry's {@code MEMORY USAGE} and value length, then the token entry's.
	 */
	final Map<String, long[]> entrySizes = new LinkedHashMap<>();

	long sessionValueLength;

	long sessionKeyLength;

	long userTagSetBytes;

	long tokenEntryBytes;

	long tokenValueLength;

	String sessionValue = "";

	String tokenValue = "";

	int sessions;

	long usedMemoryDelta;

	long seconds;

	MemoryPhase(Settings settings) {
		this.settings = settings;
	}

	void run() throws Exception {
		java.nio.file.Path fixture = java.nio.file.Path.of("/work/shared/fixtures/kratos/whoami-200-session.json");
		this.fixtureBodyBytes = java.nio.file.Files.exists(fixture) ? (int) java.nio.file.Files.size(fixture) : 0;
		try (RedisServer redis = RedisServer.startDefault();
				OryStub ory = OryStub.start();
				Jedis jedis = redis.jedis()) {
			JedisConnectionFactory connectionFactory = Fixtures.connectionFactory(redis, 8);
			try {
				Duration ttl = Duration.ofMinutes(30);
				CredentialCache cache = Fixtures.credentialCache(ory, connectionFactory, ttl);
				CacheKeys keys = new CacheKeys("authcache:", null);
				List<IdentityResolver> resolvers = Fixtures.resolvers(ory);
				KratosSessionSpec session = ory.registerSession(Fixtures.typicalSession());
				Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
				Identity identity = ((CacheLookup.Authenticated) cache.lookup(cookie, null)).identity();
				this.whoamiBodyBytes = whoamiBodySize(ory, session);
				String sessionKey = keys.entryKey(resolvers.get(0).cacheNamespace(), cookie);
				this.sessionValue = jedis.get(sessionKey);
				this.sessionValueLength = this.sessionValue.getBytes(StandardCharsets.UTF_8).length;
				this.sessionKeyLength = sessionKey.length();
				this.sessionEntryBytes = jedis.memoryUsage(sessionKey);
				this.userTagSetBytes = jedis.memoryUsage(keys.userKey(session.identityId()));
				OAuth2TokenSpec token = ory.registerToken(Fixtures.typicalToken());
				Credential accessToken = new Credential(CredentialType.ACCESS_TOKEN, token.token());
				cache.lookup(accessToken, null);
				String tokenKey = keys.entryKey(resolvers.get(1).cacheNamespace(), accessToken);
				this.tokenValue = jedis.get(tokenKey);
				this.tokenValueLength = this.tokenValue.getBytes(StandardCharsets.UTF_8).length;
				this.tokenEntryBytes = jedis.memoryUsage(tokenKey);
				this.entrySizes.put(NONE, new long[] { this.sessionEntryBytes, this.sessionValueLength,
						this.tokenEntryBytes, this.tokenValueLength });
				this.entrySizes.put(HMAC, protectedEntrySizes(ory, connectionFactory, jedis, ttl, false));
				this.entrySizes.put(ENCRYPTED, protectedEntrySizes(ory, connectionFactory, jedis, ttl, true));
				jedis.flushAll();
				population(jedis, connectionFactory, identity, keys, resolvers.get(0).cacheNamespace(), ttl);
			}
			finally {
				connectionFactory.destroy();
			}
		}
	}

	/**
	 * Cache the typical session and token with {@code authcache.cache.secret} set (and
	 * values encrypted, if asked) and return their entries' sizes.
	 * @param ory the upstream
	 * @param connectionFactory the Redis connections
	 * @param jedis a connection to the same Redis
	 * @param ttl the entry TTL
	 * @param encrypt whether values are encrypted
	 * @return the session entry's {@code MEMORY USAGE} and value length, then the token
	 * entry's
	 */
	private static long[] protectedEntrySizes(OryStub ory, JedisConnectionFactory connectionFactory, Jedis jedis,
			Duration ttl, boolean encrypt) {
		CacheKeys keys = new CacheKeys("authcache:", StarterApplication.SECRET);
		CredentialCache cache = Fixtures.credentialCache(ory, connectionFactory, ttl, keys,
				Fixtures.revocations(connectionFactory, ttl, keys));
		cache.setValueProtection(ValueProtection.of(StarterApplication.SECRET, encrypt));
		Credential cookie = new Credential(CredentialType.SESSION_COOKIE,
				ory.registerSession(Fixtures.typicalSession()).cookieValue());
		Credential token = new Credential(CredentialType.ACCESS_TOKEN,
				ory.registerToken(Fixtures.typicalToken()).token());
		HotPathBenchmarks.check(cache.lookup(cookie, null));
		HotPathBenchmarks.check(cache.lookup(token, null));
		String sessionKey = cache.entryKeys(cookie).get(0);
		String tokenKey = cache.entryKeys(token).get(0);
		return new long[] { jedis.memoryUsage(sessionKey), jedis.strlen(sessionKey), jedis.memoryUsage(tokenKey),
				jedis.strlen(tokenKey) };
	}

	private void population(Jedis jedis, JedisConnectionFactory connectionFactory, Identity template, CacheKeys keys,
			String namespace, Duration ttl) throws Exception {
		this.sessions = this.settings.memorySessions();
		RedisAuthCacheStore store = new RedisAuthCacheStore(new StringRedisTemplate(connectionFactory));
		CacheEntryCodec codec = new CacheEntryCodec();
		TtlPolicy policy = new TtlPolicy(ttl, ttl, Fixtures.NEGATIVE_TTL);
		long before = Long.parseLong(LoadPhase.infoField(jedis.info("memory"), "used_memory"));
		long start = System.nanoTime();
		int threads = 4;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int first = t;
				futures.add(executor.submit(() -> {
					for (int i = first; i < this.sessions; i += threads) {
						String subject = UUID.randomUUID().toString();
						Identity identity = new Identity(subject, UUID.randomUUID().toString(), null,
								template.expiresAt(), template.authorities(), template.attributes());
						Instant now = Instant.now();
						String key = keys.entryKey(namespace,
								new Credential(CredentialType.SESSION_COOKIE, "MTY" + UUID.randomUUID() + i));
						store.put(key, ValueProtection.NONE.seal(key, codec.encode(new CacheEntry(identity, now))),
								policy.activeTtl(io.github.authcache.credential.CredentialKind.SESSION,
										identity.expiresAt(), null, now));
						store.tag(keys.userKey(subject), key, policy.longestTtl());
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(10, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
		this.seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
		long after = Long.parseLong(LoadPhase.infoField(jedis.info("memory"), "used_memory"));
		this.usedMemoryDelta = after - before;
		long keysWritten = jedis.dbSize();
		if (keysWritten != 2L * this.sessions) {
			throw new IllegalStateException("Expected " + 2 * this.sessions + " keys, found " + keysWritten);
		}
	}

	private static int whoamiBodySize(OryStub ory, KratosSessionSpec session) throws Exception {
		java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
		java.net.http.HttpResponse<byte[]> response = client
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ory.whoamiUri()))
				.header("X-Session-Token", session.requiredToken())
				.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
		return response.body().length;
	}

}
