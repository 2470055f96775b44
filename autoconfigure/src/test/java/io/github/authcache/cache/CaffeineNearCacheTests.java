/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.authcache.resolver.Identity;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CaffeineNearCache}.
 *
 * @author authcache authors
 */
class CaffeineNearCacheTests {

	private final AtomicLong nanos = new AtomicLong();

	private final CacheKeys keys = new CacheKeys("authcache:", null);

	private final CaffeineNearCache nearCache = new CaffeineNearCache(Duration.ofSeconds(5), 100, this.keys,
			this.nanos::get);

	@Test
	void getWhenWithinTheNearTtlThenHeldAndAfterItThenGone() {
		this.nearCache.put("k", entry("u1", null, null), Duration.ofSeconds(60));
		advance(Duration.ofMillis(4999));
		assertThat(this.nearCache.get("k")).isNotNull();
		advance(Duration.ofMillis(2));
		assertThat(this.nearCache.get("k")).isNull();
	}

	@Test
	void getWhenEntryTtlShorterThanTheNearTtlThenTheEntryTtlBounds() {
		this.nearCache.put("k", entry("u1", null, null), Duration.ofSeconds(1));
		advance(Duration.ofMillis(999));
		assertThat(this.nearCache.get("k")).isNotNull();
		advance(Duration.ofMillis(2));
		assertThat(this.nearCache.get("k")).isNull();
	}

	@Test
	void getWhenReadRepeatedlyThenExpiryIsNotExtended() {
		this.nearCache.put("k", entry("u1", null, null), Duration.ofSeconds(2));
		for (int i = 0; i < 3; i++) {
			advance(Duration.ofMillis(600));
			assertThat(this.nearCache.get("k")).isNotNull();
		}
		advance(Duration.ofMillis(300));
		assertThat(this.nearCache.get("k")).isNull();
	}

	@Test
	void putWhenTtlNotPositiveThenNothingHeld() {
		this.nearCache.put("k", entry("u1", null, null), Duration.ZERO);
		assertThat(this.nearCache.get("k")).isNull();
		assertThat(this.nearCache.size()).isZero();
	}

	@Test
	void putWhenMoreThanMaxSizeThenBounded() {
		for (int i = 0; i < 1000; i++) {
			this.nearCache.put("k" + i, entry("u" + i, null, null), Duration.ofSeconds(60));
		}
		assertThat(this.nearCache.size()).isLessThanOrEqualTo(100);
	}

	@Test
	void invalidateWhenCredentialThenOnlyThatKeyDropped() {
		this.nearCache.put("k1", entry("u1", null, null), Duration.ofSeconds(60));
		this.nearCache.put("k2", entry("u1", null, null), Duration.ofSeconds(60));
		this.nearCache.invalidate(new Invalidation(Invalidation.Type.CREDENTIAL, "k1", Instant.now()));
		assertThat(this.nearCache.get("k1")).isNull();
		assertThat(this.nearCache.get("k2")).isNotNull();
	}

	@Test
	void invalidateWhenUserThenEveryEntryOfTheUserDropped() {
		this.nearCache.put("k1", entry("u1", "s1", null), Duration.ofSeconds(60));
		this.nearCache.put("k2", entry("u1", "s2", null), Duration.ofSeconds(60));
		this.nearCache.put("k3", entry("u2", "s3", null), Duration.ofSeconds(60));
		this.nearCache.invalidate(new Invalidation(Invalidation.Type.USER, "u1", Instant.now()));
		assertThat(this.nearCache.get("k1")).isNull();
		assertThat(this.nearCache.get("k2")).isNull();
		assertThat(this.nearCache.get("k3")).isNotNull();
	}

	@Test
	void invalidateWhenSessionThenEveryEntryOfTheSessionDropped() {
		this.nearCache.put("k1", entry("u1", "s1", null), Duration.ofSeconds(60));
		this.nearCache.put("k2", entry("u1", "s1", null), Duration.ofSeconds(60));
		this.nearCache.put("k3", entry("u1", "s2", null), Duration.ofSeconds(60));
		this.nearCache.invalidate(new Invalidation(Invalidation.Type.SESSION, "s1", Instant.now()));
		assertThat(this.nearCache.get("k1")).isNull();
		assertThat(this.nearCache.get("k2")).isNull();
		assertThat(this.nearCache.get("k3")).isNotNull();
	}

	@Test
	void invalidateWhenJtiThenTheEntryWithThatIssuerAndJwtIdDropped() {
		this.nearCache.put("k1", entry("u1", null, "j1"), Duration.ofSeconds(60));
		this.nearCache.put("k2", entry("u1", null, "j2"), Duration.ofSeconds(60));
		this.nearCache.put("k3", entry("u1", null, null), Duration.ofSeconds(60));
		String markKey = this.keys.jtiMarkKey("https://issuer.example", "j1");
		this.nearCache.invalidate(new Invalidation(Invalidation.Type.JTI, markKey, Instant.now().plusSeconds(60)));
		assertThat(this.nearCache.get("k1")).isNull();
		assertThat(this.nearCache.get("k2")).isNotNull();
		assertThat(this.nearCache.get("k3")).isNotNull();
	}

	@Test
	void clearThenEmpty() {
		this.nearCache.put("k1", entry("u1", null, null), Duration.ofSeconds(60));
		this.nearCache.put("k2", entry("u2", null, null), Duration.ofSeconds(60));
		this.nearCache.clear();
		assertThat(this.nearCache.size()).isZero();
		assertThat(this.nearCache.get("k1")).isNull();
	}

	@Test
	void getAndPutWhenNotTrustedThenNothingHeldOrAnswered() {
		AtomicBoolean trusted = new AtomicBoolean(true);
		this.nearCache.setTrusted(trusted::get);
		this.nearCache.put("k1", entry("u1", null, null), Duration.ofSeconds(60));
		trusted.set(false);
		assertThat(this.nearCache.get("k1")).isNull();
		this.nearCache.put("k2", entry("u2", null, null), Duration.ofSeconds(60));
		trusted.set(true);
		assertThat(this.nearCache.get("k2")).isNull();
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	private static CacheEntry entry(String subject, @Nullable String sessionId, @Nullable String jti) {
		Map<String, Object> attributes = (jti != null) ? Map.of("iss", "https://issuer.example") : Map.of();
		return new CacheEntry(new Identity(subject, sessionId, jti, null, List.of(), attributes), Instant.now());
	}

}
