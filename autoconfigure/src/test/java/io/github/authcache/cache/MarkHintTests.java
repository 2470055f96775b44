/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.resolver.Identity;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.ReadingStore;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marks read along with an entry ({@link AuthCacheStore#getWithMarks}) on a real
 * redis-server: used only when they are exactly the entry's marks; a hint that disagrees
 * with the entry falls back to reading the right marks, and is corrected.
 *
 * @author authcache authors
 */
class MarkHintTests {

	private static final Pattern MGET_CALLS = Pattern.compile("cmdstat_mget:calls=(\\d+)");

	private static final RedisServer redis = RedisServer.startDefault();

	private final CacheKeys keys = new CacheKeys("authcache:", null);

	private final Instant fetchedAt = Instant.now().minusSeconds(10);

	private final Identity alice = new Identity("alice", "session-a", null, null, List.of(), Map.of());

	private final Identity bob = new Identity("bob", "session-b", null, null, List.of(), Map.of());

	private final String entryKey = "authcache:session:entry-1";

	private final Instant readAt = Instant.now();

	private JedisConnectionFactory connectionFactory;

	private RedisAuthCacheStore cacheStore;

	private final TtlPolicy ttlPolicy = new TtlPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1),
			Duration.ofSeconds(5));

	private Revocations revocations;

	private Jedis jedis;

	@BeforeEach
	void setUp() {
		this.connectionFactory = new JedisConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		this.cacheStore = new RedisAuthCacheStore(template);
		this.revocations = new Revocations(new RedisRevocationStore(template), this.keys, this.ttlPolicy);
		this.revocations.setMarksReadWithEntries(true);
		this.jedis = redis.jedis();
		this.jedis.flushAll();
	}

	@AfterEach
	void tearDown() {
		this.jedis.close();
		this.connectionFactory.destroy();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void checkWhenStoreAnsweredThenHintIsLearnedAndReadWithTheEntry() {
		assertThat(this.revocations.hintedMarkKeys(this.entryKey)).isNull();
		assertThat(this.revocations.check(this.entryKey, this.alice, this.fetchedAt))
			.isEqualTo(Revocations.Verdict.CLEAR);
		List<String> hint = this.revocations.hintedMarkKeys(this.entryKey);
		assertThat(hint).containsExactly(this.keys.credentialMarkKey(this.entryKey), this.keys.userMarkKey("alice"),
				this.keys.sessionMarkKey("session-a"));
		this.jedis.set(this.entryKey, "the entry");
		this.jedis.set(this.keys.userMarkKey("alice"), Long.toString(micros(Instant.now())));
		EntryRead read = this.cacheStore.getWithMarks(this.entryKey, hint);
		assertThat(read.value()).asString(StandardCharsets.UTF_8).isEqualTo("the entry");
		assertThat(read.marks()).hasSize(3);
		assertThat(read.marks().get(0)).isNull();
		assertThat(read.marks().get(1)).isNotNull();
		assertThat(read.marks().get(2)).isNull();
	}

	@Test
	void checkWhenMarksReadWithTheEntryThenTheyDecideWithoutAnotherRead() {
		List<String> aliceMarks = aliceMarkKeys();
		// What the pipeline read: a mark after the fetch. The store holds none, so only
		// the marks read with the entry can make the answer stale
		List<@Nullable String> read = new ArrayList<>(Arrays.asList(null, Long.toString(micros(Instant.now())), null));
		assertThat(this.revocations.check(this.entryKey, this.alice, this.fetchedAt,
				new EntryRead(bytes("the entry"), aliceMarks, read), Instant.now()))
			.isEqualTo(Revocations.Verdict.STALE);
	}

	@Test
	void checkWhenHintDisagreesWithTheEntryThenTheEntrysMarksAreRead() {
		// The hint named alice's marks (none set), but the entry read is bob's, and bob
		// was revoked after the fetch
		this.jedis.set(this.keys.userMarkKey("bob"), Long.toString(micros(Instant.now())));
		List<@Nullable String> noMarks = new ArrayList<>(Arrays.asList(null, null, null));
		assertThat(this.revocations.check(this.entryKey, this.bob, this.fetchedAt,
				new EntryRead(bytes("bob's entry"), aliceMarkKeys(), noMarks), Instant.now()))
			.isEqualTo(Revocations.Verdict.STALE);
		assertThat(this.revocations.hintedMarkKeys(this.entryKey)).contains(this.keys.userMarkKey("bob"));
	}

	/**
	 * The race the young-entry re-read exists for, built step by step: the marks are read
	 * (no mark yet), then a revocation writes its mark, then a lookup that fetched before
	 * it writes its entry, then the entry is read. The marks read with the entry missed
	 * the mark, so the entry must be checked against the marks again: it was fetched 6
	 * seconds before the read, longer ago than the upstream timeout (3 seconds) and than
	 * the tolerated clock skew (5 seconds) but not than both together.
	 */
	@Test
	void readWhenMarksReadBeforeTheEntryAndEntryIsYoungThenTheMarksAreReadAgain() {
		Instant fetchedAt = this.readAt.minusSeconds(6);
		this.ttlPolicy.setLongestUpstreamCall(Duration.ofSeconds(3));
		CountingRevocationStore store = alongside();
		EntryRead read = readWhileRevoked(fetchedAt);
		assertThat(read.ordered()).isFalse();
		assertThat(read.marks()).containsOnlyNulls();
		assertThat(this.revocations.check(this.entryKey, this.alice, fetchedAt, read, this.readAt))
			.as("the entry fetched before the revocation")
			.isEqualTo(Revocations.Verdict.STALE);
		assertThat(store.reads).as("the marks read again").isOne();
	}

	/**
	 * The same race with an entry fetched long before the read: it was written before any
	 * mark the read could miss, so the lookup ran alongside the revocation and may pass;
	 * the marks read with the entry decide, in one round trip. The next read sees the
	 * mark.
	 */
	@Test
	void readWhenMarksReadBeforeTheEntryAndEntryIsOldThenOneRoundTripDecides() {
		Instant fetchedAt = Instant.now().minusSeconds(60);
		CountingRevocationStore store = alongside();
		EntryRead read = readWhileRevoked(fetchedAt);
		assertThat(this.revocations.check(this.entryKey, this.alice, fetchedAt, read, this.readAt))
			.isEqualTo(Revocations.Verdict.CLEAR);
		assertThat(store.reads).as("no second read").isZero();
		EntryRead next = this.revocations.read(this.cacheStore, this.entryKey, aliceMarkKeys());
		assertThat(this.revocations.check(this.entryKey, this.alice, fetchedAt, next, Instant.now()))
			.isEqualTo(Revocations.Verdict.STALE);
	}

	@Test
	void checkWhenMarksReadAfterTheEntryThenTheyDecideForAYoungEntry() {
		Instant fetchedAt = Instant.now().minusSeconds(1);
		CountingRevocationStore store = alongside();
		List<@Nullable String> none = new ArrayList<>(Arrays.asList(null, null, null));
		assertThat(this.revocations.check(this.entryKey, this.alice, fetchedAt,
				new EntryRead(bytes("the entry"), aliceMarkKeys(), none), this.readAt))
			.isEqualTo(Revocations.Verdict.CLEAR);
		assertThat(store.reads).isZero();
	}

	/**
	 * Read the entry with its marks read alongside, a revocation of alice happening
	 * between the marks' read and the entry's: the entry is written after the mark, as a
	 * lookup in flight during the revocation would.
	 * @param fetchedAt the fetch time of the entry written
	 * @return the read
	 */
	private EntryRead readWhileRevoked(Instant fetchedAt) {
		AuthCacheStore entries = new ReadingStore((key) -> {
			// The marks' MGET has run: only now is the mark written, then the entry
			Awaitility.await("the marks read").atMost(Duration.ofSeconds(10)).until(() -> mgets() == 1);
			this.jedis.set(this.keys.userMarkKey("alice"), Long.toString(micros(Instant.now())));
			this.jedis.set(key, "entry fetched at " + fetchedAt);
			return this.cacheStore.get(key);
		});
		this.jedis.configResetStat();
		EntryRead read = this.revocations.read(entries, this.entryKey, aliceMarkKeys());
		assertThat(read.value()).asString().isEqualTo("entry fetched at " + fetchedAt);
		return read;
	}

	/**
	 * Have the revocations read their marks alongside entries, from a store that counts
	 * its reads (those of marks alone: the second trips).
	 * @return the store
	 */
	private CountingRevocationStore alongside() {
		CountingRevocationStore store = new CountingRevocationStore(
				new RedisRevocationStore(new StringRedisTemplate(this.connectionFactory)));
		this.revocations = new Revocations(store, this.keys, this.ttlPolicy);
		this.revocations.setMarksReadAlongsideEntries(true);
		return store;
	}

	private long mgets() {
		try (Jedis stats = redis.jedis()) {
			Matcher calls = MGET_CALLS.matcher(stats.info("commandstats"));
			return calls.find() ? Long.parseLong(calls.group(1)) : 0;
		}
	}

	@Test
	void checkWhenAnswerHasAnotherSessionThanTheHintThenItsOwnSessionMarkIsRead() {
		this.revocations.check(this.entryKey, this.alice, this.fetchedAt);
		// Same user, same entry key, another session: its session was revoked after the
		// fetch, so the hint's mark keys (session-a) must not stand in for its own
		Identity otherSession = new Identity("alice", "session-c", null, null, List.of(), Map.of());
		this.jedis.set(this.keys.sessionMarkKey("session-c"), Long.toString(micros(Instant.now())));
		assertThat(this.revocations.check(this.entryKey, otherSession, this.fetchedAt))
			.isEqualTo(Revocations.Verdict.STALE);
	}

	@Test
	void checkWhenAnswerHasAnotherJwtIssuerThanTheHintThenItsOwnJtiMarkIsRead() {
		Identity token = new Identity("alice", null, "jti-1", null, List.of(), Map.of("iss", "https://a.example"));
		this.revocations.check(this.entryKey, token, this.fetchedAt);
		Identity otherIssuer = new Identity("alice", null, "jti-1", null, List.of(),
				Map.of("iss", "https://b.example"));
		this.jedis.set(this.keys.jtiMarkKey("https://b.example", "jti-1"), "revoked");
		assertThat(this.revocations.check(this.entryKey, otherIssuer, this.fetchedAt))
			.isEqualTo(Revocations.Verdict.TOKEN_REVOKED);
	}

	@Test
	void hintedMarkKeysWhenMarksAreNotWithTheEntriesThenNone() {
		this.revocations.check(this.entryKey, this.alice, this.fetchedAt);
		this.revocations.setMarksReadWithEntries(false);
		assertThat(this.revocations.hintedMarkKeys(this.entryKey)).isNull();
	}

	private List<String> aliceMarkKeys() {
		return List.of(this.keys.credentialMarkKey(this.entryKey), this.keys.userMarkKey("alice"),
				this.keys.sessionMarkKey("session-a"));
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
	}

	/**
	 * A revocation store that counts the reads of marks alone.
	 */
	private static final class CountingRevocationStore implements RevocationStore {

		private final RevocationStore delegate;

		private int reads;

		CountingRevocationStore(RevocationStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(String key, String value, Duration ttl) {
			this.delegate.write(key, value, ttl);
		}

		@Override
		public List<@Nullable String> read(List<String> keys) {
			this.reads++;
			return this.delegate.read(keys);
		}

		@Override
		public List<@Nullable String> readAlongside(List<String> keys, Runnable meanwhile) {
			return this.delegate.readAlongside(keys, meanwhile);
		}

	}

}
