/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CaffeineNearCache;
import io.github.authcache.cache.NearCache;
import io.github.authcache.cache.Revocations;
import io.github.authcache.invalidation.redis.InvalidationAcks;
import io.github.authcache.invalidation.redis.InvalidationSubscriber;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.mock;

/**
 * Tests for {@link NearCacheMeters}.
 *
 * @author authcache authors
 */
class NearCacheMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void bindToWhenNearCacheNotTrustedThenBypassedReadsAreCounted() {
		CaffeineNearCache nearCache = new CaffeineNearCache(Duration.ofSeconds(5), 10,
				new CacheKeys("authcache:", null));
		nearCache.setTrusted(() -> false);
		new NearCacheMeters(acks(), subscriber(), nearCache).bindTo(this.registry);
		nearCache.get("authcache:session:a");
		nearCache.get("authcache:session:b");
		assertThat(this.registry.get("authcache.near-cache.bypassed").functionCounter().count()).isEqualTo(2);
		assertThat(this.registry.get("authcache.near-cache.acks").functionCounter().count()).isZero();
		assertThat(this.registry.get("authcache.near-cache.ack.timeouts").functionCounter().count()).isZero();
		assertThat(this.registry.get("authcache.near-cache.behind").functionCounter().count()).isZero();
	}

	private static InvalidationAcks acks() {
		return new InvalidationAcks(new StringRedisTemplate(), "authcache:invalidations", "a", null);
	}

	private static InvalidationSubscriber subscriber() {
		return new InvalidationSubscriber(() -> {
			throw new IllegalStateException("Not connected in this test");
		}, "authcache:invalidations", "a", mock(Revocations.class), NearCache.NONE);
	}

}
