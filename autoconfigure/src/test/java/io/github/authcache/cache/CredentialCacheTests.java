/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.UpstreamUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the rules of {@link CredentialCache} (lifetimes, single flight, negative
 * caching, freshness, the bounds of a stored entry), over the in-memory stores and a
 * scripted upstream. What needs a real Redis or real HTTP is in
 * {@link CredentialCacheOnRedisTests}.
 *
 * @author authcache authors
 */
class CredentialCacheTests {

	private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes";

	private static final Duration TTL = Duration.ofSeconds(60);

	private final CacheEntryCodec codec = new CacheEntryCodec();

	private final InMemoryEngine engine = new InMemoryEngine(TTL, Duration.ZERO);

	private final CredentialCache cache = this.engine.cache;

	@Test
	void lookupWhenRepeatedThenOneUpstreamCall() {
		Credential credential = this.engine.session(null);
		CacheLookup first = this.cache.lookup(credential, null);
		CacheLookup second = this.cache.lookup(credential, null);
		assertThat(first).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(second)
			.isEqualTo(new CacheLookup.Authenticated(((CacheLookup.Authenticated) first).identity(), List.of()));
		assertThat(((CacheLookup.Authenticated) second).identity().subject()).isEqualTo("user-" + credential.value());
		assertThat(((CacheLookup.Authenticated) second).identity().sessionId())
			.isEqualTo("session-" + credential.value());
		assertThat(calls()).isEqualTo(1);
		assertThat(this.engine.lookups("session", "miss")).isEqualTo(1);
		assertThat(this.engine.lookups("session", "hit")).isEqualTo(1);
	}

	@Test
	void lookupWhenSessionFarFromExpiryThenTtlIsTheSessionTtl() {
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		String key = this.engine.onlyEntryKey();
		assertThat(ttl(key)).isBetween(Duration.ofSeconds(53), TTL);
		String userKey = "authcache:user:user-" + credential.value();
		assertThat(this.engine.store.members(userKey)).containsExactly(key);
		assertThat(ttl(userKey)).isGreaterThanOrEqualTo(ttl(key));
	}

	@Test
	void lookupWhenSessionExpiresSoonThenTtlEndsWithTheSession() {
		this.cache.lookup(this.engine.session(this.engine.clock.instant().plusSeconds(20)), null);
		assertThat(ttl(this.engine.onlyEntryKey())).isBetween(Duration.ofSeconds(17), Duration.ofSeconds(20));
	}

	@Test
	void lookupWhenUpstreamSendsCacheForThenTtlIsCapped() {
		this.engine.upstream.cacheFor = Duration.ofSeconds(10);
		this.cache.lookup(this.engine.session(null), null);
		assertThat(ttl(this.engine.onlyEntryKey())).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
	}

	@Test
	void lookupWhenTokenExpiresSoonThenTtlEndsWithTheToken() {
		this.cache.lookup(this.engine.token(this.engine.clock.instant().plusSeconds(30)), null);
		assertThat(ttl(this.engine.onlyEntryKey())).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
	}

	@Test
	void lookupWhenInactiveThenCachedForTheNegativeTtlOnly() {
		Credential unknown = new Credential(CredentialType.ACCESS_TOKEN, "unknown");
		assertThat(this.cache.lookup(unknown, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(this.cache.lookup(unknown, null)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(calls()).isEqualTo(1);
		assertThat(ttl(this.engine.onlyEntryKey())).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
		assertThat(this.engine.store.tagKeys()).isEmpty();
		assertThat(this.engine.lookups("token", "negative_hit")).isEqualTo(1);
	}

	@Test
	void lookupWhenUpstreamFailsThenNothingIsCachedAndTheNextLookupAsksAgain() {
		Credential credential = this.engine.session(null);
		this.engine.upstream.failing = true;
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> this.cache.lookup(credential, null));
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> this.cache.lookup(credential, null));
		assertThat(this.engine.store.entryKeys()).isEmpty();
		assertThat(this.engine.store.tagKeys()).isEmpty();
		this.engine.upstream.failing = false;
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(calls()).isEqualTo(3);
		assertThat(this.engine.lookups("session", "error")).isEqualTo(2);
	}

	@Test
	void lookupWhenCachedEntryIsPastExpiryThenRejectedWithoutUpstreamCall() {
		Credential credential = this.engine.token(this.engine.clock.instant().plusSeconds(40));
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		// Only the instance's clock moves: the store keeps its own time, as a Redis does
		this.engine.clock.advance(Duration.ofSeconds(41));
		assertThat(this.cache.lookup(credential, null))
			.isEqualTo(new CacheLookup.Rejected("The credential has expired"));
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void lookupWhenManyConcurrentLookupsOfOneColdCredentialThenOneUpstreamCall() throws Exception {
		this.engine.upstream.latency = Duration.ofMillis(50);
		Credential credential = this.engine.token(null);
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
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void lookupWhenValueIsCorruptThenMissAndRewritten() {
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		String key = this.engine.onlyEntryKey();
		String genuine = storedValue(key);
		write(key, genuine.substring(0, genuine.length() - 5));
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		byte[] otherVersion = this.codec.encode(new CacheEntry(
				new Identity("attacker", null, null, null, List.of(), Map.of()), this.engine.clock.instant()));
		otherVersion[0] = CacheEntryCodec.VERSION + 1;
		write(key, ValueProtection.NONE.seal(key, otherVersion));
		CacheLookup lookup = this.cache.lookup(credential, null);
		assertThat(((CacheLookup.Authenticated) lookup).identity().subject()).isEqualTo("user-" + credential.value());
		assertThat(calls()).isEqualTo(3);
		assertThat(stored(key).identity().subject()).isEqualTo("user-" + credential.value());
	}

	@Test
	void lookupWhenEntryIsOlderThanMaxAgeThenRefreshed() {
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, Duration.ofSeconds(10));
		this.engine.advance(Duration.ofSeconds(5));
		this.cache.lookup(credential, Duration.ofSeconds(10));
		assertThat(calls()).isEqualTo(1);
		this.engine.advance(Duration.ofSeconds(6));
		this.cache.lookup(credential, Duration.ofSeconds(10));
		assertThat(calls()).isEqualTo(2);
		this.cache.lookup(credential, null);
		assertThat(calls()).isEqualTo(2);
	}

	@Test
	void lookupWhenSessionRevokedUpstreamThenCachedUntilTheTtlEnds() {
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		this.engine.upstream.sessions.remove(credential.value());
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.engine.store.delete(List.of(this.engine.onlyEntryKey()));
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Rejected.class);
	}

	@Test
	void lookupWhenSecretSetThenAForgedOrMovedValueIsNeverAccepted() {
		this.cache.setValueProtection(ValueProtection.of("s3cret", false));
		Credential victim = this.engine.session(null);
		Credential attacker = this.engine.session(null);
		this.cache.lookup(victim, null);
		this.cache.lookup(attacker, null);
		String victimKey = this.cache.entryKeys(victim).get(0);
		String attackerKey = this.cache.entryKeys(attacker).get(0);
		write(attackerKey, storedValue(victimKey));
		CacheLookup moved = this.cache.lookup(attacker, null);
		assertThat(((CacheLookup.Authenticated) moved).identity().subject()).isEqualTo("user-" + attacker.value());
		write(attackerKey,
				value(new CacheEntry(new Identity("user-" + victim.value(), null, null, null, List.of(), Map.of()),
						this.engine.clock.instant())));
		CacheLookup forged = this.cache.lookup(attacker, null);
		assertThat(((CacheLookup.Authenticated) forged).identity().subject()).isEqualTo("user-" + attacker.value());
		assertThat(calls()).isEqualTo(4);
	}

	@Test
	void lookupWhenValuesEncryptedThenTraitsAreNotStored() {
		this.cache.setValueProtection(ValueProtection.of("s3cret", true));
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		this.cache.lookup(credential, null);
		assertThat(calls()).isEqualTo(1);
		byte[] stored = Base64.getUrlDecoder().decode(storedValue(this.engine.onlyEntryKey()));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("user-" + credential.value());
		assertThat(this.codec.decode(ByteBuffer.wrap(stored))).isNull();
	}

	@Test
	void lookupWhenAValueIsFetchedInTheFutureThenMiss() {
		// Without a secret (allow-unauthenticated-values, insecure): any value can be
		// forged, but not one that dodges marks and freshness with a future fetch time
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		String key = this.engine.onlyEntryKey();
		write(key, value(new CacheEntry(stored(key).identity(), this.engine.clock.instant().plusSeconds(3600))));
		this.cache.lookup(credential, null);
		assertThat(calls()).isEqualTo(2);
	}

	@Test
	void lookupWhenNoSecretThenAForgedValueWithinTheBoundsIsAcceptedWhichIsWhyASecretIsRequired() {
		Credential attacker = this.engine.session(null);
		String key = this.cache.entryKeys(attacker).get(0);
		write(key, value(new CacheEntry(new Identity("admin", null, null, null, List.of(), Map.of()),
				this.engine.clock.instant())));
		CacheLookup forged = this.cache.lookup(attacker, null);
		assertThat(((CacheLookup.Authenticated) forged).identity().subject()).isEqualTo("admin");
		assertThat(calls()).isZero();
	}

	@Test
	void lookupWhenANegativeValueOutlivesItsTtlThenItEndsWithTheNegativeTtl() {
		Credential victim = this.engine.session(null);
		String key = this.cache.entryKeys(victim).get(0);
		write(key, value(new CacheEntry(null, this.engine.clock.instant())));
		assertThat(this.cache.lookup(victim, null)).isInstanceOf(CacheLookup.Rejected.class);
		this.engine.advance(Duration.ofSeconds(6));
		assertThat(this.cache.lookup(victim, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(calls()).isOne();
	}

	@Test
	void lookupWhenAValueIsLargerThanTheCapThenMissAndNotDecoded() {
		Credential credential = this.engine.session(null);
		String key = this.cache.entryKeys(credential).get(0);
		write(key, forgedValueOfLength(EntryValues.MAX_LENGTH));
		assertThat(((CacheLookup.Authenticated) this.cache.lookup(credential, null)).identity().subject())
			.as("at the cap")
			.isEqualTo("forged");
		// A base64url text is never 4n + 1 long: the next length is 2 over the cap
		write(key, forgedValueOfLength(EntryValues.MAX_LENGTH + 2));
		assertThat(((CacheLookup.Authenticated) this.cache.lookup(credential, null)).identity().subject())
			.as("just over the cap")
			.isEqualTo("user-" + credential.value());
		assertThat(calls()).isOne();
	}

	@Test
	void entryKeysWhenSecretsRotateThenTheKeysUnderEverySecretSoARevocationReachesOldInstances() {
		Credential credential = this.engine.session(null);
		CredentialCache before = new InMemoryEngine(new CacheKeys("authcache:", SECRET)).cache;
		CredentialCache after = new InMemoryEngine(
				new CacheKeys("authcache:", SECRET.toUpperCase(), List.of(SECRET))).cache;
		assertThat(after.entryKeys(credential)).hasSize(2).containsAll(before.entryKeys(credential));
		assertThat(after.entryKeys(credential).get(0)).isNotEqualTo(before.entryKeys(credential).get(0));
	}

	private int calls() {
		return this.engine.upstream.calls.get();
	}

	private Duration ttl(String key) {
		Duration ttl = this.engine.store.timeToLive(key);
		assertThat(ttl).as("the time to live of " + key).isNotNull();
		return ttl;
	}

	private String storedValue(String key) {
		byte[] value = this.engine.store.get(key);
		assertThat(value).as("the value under " + key).isNotNull();
		return new String(value, StandardCharsets.UTF_8);
	}

	private void write(String key, String value) {
		this.engine.store.put(key, value, Duration.ofDays(1));
	}

	/**
	 * Return the entry stored under a key by a cache without a secret.
	 */
	private CacheEntry stored(String key) {
		ByteBuffer plain = ValueProtection.NONE.open(key, storedValue(key));
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
							this.engine.clock.instant()));
			if (value.length() >= length) {
				assertThat(value).hasSize(length);
				return value;
			}
		}
		throw new IllegalStateException("No value of length " + length);
	}

}
