/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.authcache.credential.Credential;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for refresh-ahead in {@link CredentialCache}: a hit on an entry older than
 * {@link TtlPolicy#refreshAfter} (30 s with a 60 s TTL) is answered from the cache and
 * refreshed in the background, over the in-memory stores and a scripted upstream whose
 * answers a test can hold. The cross-instance claim on a real Redis is in
 * {@code RefreshClaimsOnRedisTests}.
 *
 * @author authcache authors
 */
class RefreshAheadTests {

	private static final Duration TTL = Duration.ofSeconds(60);

	private static final Duration PAST_REFRESH_AFTER = Duration.ofSeconds(31);

	private final InMemoryEngine engine = new InMemoryEngine(TTL, Duration.ZERO);

	private final CredentialCache cache = this.engine.cache;

	private final BackgroundExecutor background = new BackgroundExecutor();

	private final InMemoryRefreshClaims claims = new InMemoryRefreshClaims(this.engine.storeClock);

	private final CountDownLatch hold = new CountDownLatch(1);

	@BeforeEach
	void setUp() {
		this.cache.setRefreshExecutor(this.background);
		this.cache.setRefreshClaims(this.claims);
	}

	@AfterEach
	void tearDown() {
		this.hold.countDown();
		this.background.close();
	}

	@Test
	void hitWhenPastRefreshAfterThenAnsweredFromTheCacheWhileTheUpstreamIsAskedInTheBackground() throws Exception {
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		String key = this.engine.onlyEntryKey();
		this.engine.advance(PAST_REFRESH_AFTER);
		holdUpstream();
		assertThat(lookupWithoutWaiting(credential)).isInstanceOf(CacheLookup.Authenticated.class);
		awaitUpstreamCalls(1);
		assertThat(calls()).isEqualTo(2);
		this.hold.countDown();
		this.background.awaitIdle();
		assertThat(stored(key).fetchedAt()).isEqualTo(this.engine.clock.instant().truncatedTo(ChronoUnit.MICROS));
		assertThat(this.engine.store.timeToLive(key)).isBetween(Duration.ofSeconds(53), TTL);
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(calls()).isEqualTo(2);
		assertThat(refreshes("started")).isEqualTo(1);
		assertThat(refreshes("active")).isEqualTo(1);
	}

	@Test
	void hitWhenYoungerThanRefreshAfterThenNoRefresh() {
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		this.engine.advance(Duration.ofSeconds(29));
		this.cache.lookup(credential, null);
		assertThat(this.background.tasks()).isZero();
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void hitsWhileARefreshIsUnderWayThenOneRefresh() throws Exception {
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		this.engine.advance(PAST_REFRESH_AFTER);
		holdUpstream();
		for (int i = 0; i < 20; i++) {
			assertThat(lookupWithoutWaiting(credential)).isInstanceOf(CacheLookup.Authenticated.class);
		}
		awaitUpstreamCalls(1);
		this.hold.countDown();
		this.background.awaitIdle();
		assertThat(calls()).isEqualTo(2);
		assertThat(this.background.tasks()).isOne();
	}

	@Test
	void hitWhenRevokedAtTheProviderThenTheNextRequestAfterTheRefreshIsRefusedWithoutUpstreamCall() throws Exception {
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		String key = this.engine.onlyEntryKey();
		this.engine.upstream.sessions.remove(credential.value());
		this.engine.advance(PAST_REFRESH_AFTER);
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.background.awaitIdle();
		assertThat(this.cache.lookup(credential, null))
			.isEqualTo(new CacheLookup.Rejected("The credential is not active"));
		assertThat(calls()).isEqualTo(2);
		assertThat(stored(key).identity()).isNull();
		assertThat(this.engine.store.timeToLive(key)).isLessThanOrEqualTo(Duration.ofSeconds(5));
		assertThat(refreshes("revoked")).isEqualTo(1);
	}

	@Test
	void hitWhenTheRefreshFailsThenTheEntryStaysUntilItsTtl() throws Exception {
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		String key = this.engine.onlyEntryKey();
		Instant fetchedAt = stored(key).fetchedAt();
		this.engine.advance(PAST_REFRESH_AFTER);
		this.engine.upstream.failing = true;
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.background.awaitIdle();
		assertThat(refreshes("error")).isEqualTo(1);
		assertThat(stored(key).fetchedAt()).isEqualTo(fetchedAt);
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.background.awaitIdle();
		assertThat(calls()).isEqualTo(2);
		this.engine.advance(TTL.minus(PAST_REFRESH_AFTER));
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> this.cache.lookup(credential, null));
	}

	@Test
	void hitWhenMostUpstreamPermitsAreTakenByLookupsThenNoRefreshUntilALaterHit() throws Exception {
		Bulkhead limit = Bulkhead.of("test",
				BulkheadConfig.custom().maxConcurrentCalls(2).maxWaitDuration(Duration.ZERO).build());
		this.cache.setUpstreamLimit(limit);
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		this.engine.advance(PAST_REFRESH_AFTER);
		holdUpstream();
		Credential cold = this.engine.session(null);
		CompletableFuture<CacheLookup> coldLookup = CompletableFuture.supplyAsync(() -> this.cache.lookup(cold, null));
		awaitUpstreamCalls(1);
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.background.awaitIdle();
		assertThat(refreshes("skipped")).isEqualTo(1);
		assertThat(refreshes("started")).isZero();
		assertThat(calls()).isEqualTo(2);
		this.hold.countDown();
		assertThat(coldLookup.get(10, TimeUnit.SECONDS)).isInstanceOf(CacheLookup.Authenticated.class);
		this.cache.lookup(credential, null);
		this.background.awaitIdle();
		assertThat(refreshes("active")).isEqualTo(1);
		assertThat(calls()).isEqualTo(3);
		assertThat(this.engine.counter("authcache.upstream.rejected")).isZero();
	}

	@Test
	void hitWhenRevokedWhileTheRefreshIsUnderWayThenTheRevocationWins() throws Exception {
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		this.engine.advance(PAST_REFRESH_AFTER);
		holdUpstream();
		assertThat(lookupWithoutWaiting(credential)).isInstanceOf(CacheLookup.Authenticated.class);
		awaitUpstreamCalls(1);
		this.engine.advance(Duration.ofSeconds(1));
		AuthCacheInvalidator invalidator = this.engine.invalidator();
		invalidator.setClock(this.engine.clock);
		invalidator.invalidateCredential(credential);
		this.engine.advance(Duration.ofSeconds(1));
		this.engine.upstream.hold = null;
		this.hold.countDown();
		this.background.awaitIdle();
		assertThat(this.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(calls()).as("the refreshed answer is not used: the next request asks again").isEqualTo(3);
	}

	@Test
	void hitsOnTwoInstancesSharingTheStoreThenOneRefreshPerInterval() throws Exception {
		InMemoryEngine other = this.engine.otherInstance();
		other.cache.setRefreshExecutor(this.background);
		other.cache.setRefreshClaims(this.claims);
		Credential credential = this.engine.session(null);
		this.cache.lookup(credential, null);
		this.engine.advance(PAST_REFRESH_AFTER);
		other.clock.advance(Duration.between(other.clock.instant(), this.engine.clock.instant()));
		holdUpstream();
		assertThat(lookupWithoutWaiting(credential)).isInstanceOf(CacheLookup.Authenticated.class);
		awaitUpstreamCalls(1);
		assertThat(other.cache.lookup(credential, null)).isInstanceOf(CacheLookup.Authenticated.class);
		this.hold.countDown();
		this.background.awaitIdle();
		assertThat(this.background.tasks()).isEqualTo(2);
		assertThat(calls()).isEqualTo(2);
	}

	private void holdUpstream() {
		this.engine.upstream.hold = this.hold;
	}

	private void awaitUpstreamCalls(int count) throws InterruptedException {
		assertThat(this.engine.upstream.arrived.tryAcquire(count, 10, TimeUnit.SECONDS))
			.as("%d upstream calls arrived", count)
			.isTrue();
	}

	private CacheLookup lookupWithoutWaiting(Credential credential) throws Exception {
		// A hit that waited for the held upstream call would not end
		return CompletableFuture.supplyAsync(() -> this.cache.lookup(credential, null)).get(10, TimeUnit.SECONDS);
	}

	private int calls() {
		return this.engine.upstream.calls.get();
	}

	private double refreshes(String result) {
		return this.engine.meters.get("authcache.refresh")
			.tag("kind", "session")
			.tag("result", result)
			.counter()
			.count();
	}

	private CacheEntry stored(String key) {
		byte[] value = this.engine.store.get(key);
		assertThat(value).as("the value under " + key).isNotNull();
		ByteBuffer plain = ValueProtection.NONE.open(key, new String(value, StandardCharsets.UTF_8));
		CacheEntry entry = (plain != null) ? new CacheEntryCodec().decode(plain) : null;
		assertThat(entry).as("the entry under " + key).isNotNull();
		return entry;
	}

}
