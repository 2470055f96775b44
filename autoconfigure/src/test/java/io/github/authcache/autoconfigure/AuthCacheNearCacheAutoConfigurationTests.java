/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;

import io.github.authcache.cache.CacheEntry;
import io.github.authcache.cache.CaffeineNearCache;
import io.github.authcache.cache.Invalidation;
import io.github.authcache.cache.NearCache;
import io.github.authcache.invalidation.InvalidationBroadcaster;
import io.github.authcache.invalidation.redis.InvalidationSubscriber;
import io.github.authcache.invalidation.redis.JedisSubscriberConnectionFactory;
import io.github.authcache.invalidation.redis.RedisInvalidationBroadcaster;
import io.github.authcache.testing.CacheData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuthCacheNearCacheAutoConfiguration}.
 *
 * @author authcache authors
 */
class AuthCacheNearCacheAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, AuthCacheResolverAutoConfiguration.class,
						AuthCacheAutoConfiguration.class, AuthCacheNearCacheAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.client-type=jedis", "spring.data.redis.port=1",
				CacheData.SECRET_PROPERTY, "authcache.kratos.base-url=http://127.0.0.1:4433");

	@Test
	void nearCacheWhenNotEnabledThenNothing() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(NearCache.class)
			.doesNotHaveBean(InvalidationBroadcaster.class)
			.doesNotHaveBean(InvalidationSubscriber.class));
	}

	@Test
	void nearCacheWhenEnabledThenNearCacheBroadcasterAndSubscriber() {
		this.runner.withPropertyValues("authcache.near-cache.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(CaffeineNearCache.class)
				.hasSingleBean(RedisInvalidationBroadcaster.class)
				.hasSingleBean(JedisSubscriberConnectionFactory.class)
				.hasSingleBean(InvalidationSubscriber.class);
			assertThat(context.getBean(InvalidationSubscriber.class).isSubscribed()).isFalse();
		});
	}

	@Test
	void nearCacheWhenAuthCacheDisabledThenNothing() {
		this.runner.withPropertyValues("authcache.near-cache.enabled=true", "authcache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NearCache.class)
				.doesNotHaveBean(InvalidationSubscriber.class));
	}

	@Test
	void nearCacheWhenUserBeansThenBacksOff() {
		this.runner.withPropertyValues("authcache.near-cache.enabled=true")
			.withUserConfiguration(UserBeans.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(NearCache.class)
					.doesNotHaveBean(CaffeineNearCache.class)
					.hasSingleBean(InvalidationBroadcaster.class)
					.doesNotHaveBean(RedisInvalidationBroadcaster.class);
				assertThat(context.getBean(NearCache.class)).isSameAs(context.getBean(UserBeans.class).nearCache);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		final NearCache nearCache = new NearCache() {

			@Override
			public @Nullable CacheEntry get(String key) {
				return null;
			}

			@Override
			public void put(String key, CacheEntry entry, Duration ttl) {
			}

			@Override
			public void invalidate(Invalidation invalidation) {
			}

			@Override
			public void clear() {
			}

		};

		@Bean
		NearCache userNearCache() {
			return this.nearCache;
		}

		@Bean
		InvalidationBroadcaster userBroadcaster() {
			return InvalidationBroadcaster.NONE;
		}

	}

}
