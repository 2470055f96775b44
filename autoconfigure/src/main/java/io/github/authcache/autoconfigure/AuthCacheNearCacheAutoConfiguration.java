/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.UUID;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CaffeineNearCache;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.MarkSeal;
import io.github.authcache.cache.NearCache;
import io.github.authcache.cache.Revocations;
import io.github.authcache.invalidation.InvalidationBroadcaster;
import io.github.authcache.invalidation.redis.InvalidationAcks;
import io.github.authcache.invalidation.redis.InvalidationSubscriber;
import io.github.authcache.invalidation.redis.JedisSubscriberConnectionFactory;
import io.github.authcache.invalidation.redis.RedisInvalidationBroadcaster;
import io.github.authcache.invalidation.redis.SubscriberConnectionFactory;
import io.micrometer.core.instrument.binder.MeterBinder;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the in-process near cache
 * ({@code authcache.near-cache.enabled=true}): a {@link CaffeineNearCache}, and the Redis
 * pub/sub pair that keeps the near caches of all instances consistent: a
 * {@link RedisInvalidationBroadcaster} that publishes each invalidation on
 * {@code <key-prefix>invalidations}, and an {@link InvalidationSubscriber} that applies
 * the other instances' invalidations here and acknowledges them
 * ({@link InvalidationAcks}): an invalidation call waits up to
 * {@code authcache.near-cache.ack-timeout} for every instance to have applied it, and an
 * instance answers from its near cache only while it is known to have applied every
 * message older than that.
 * <p>
 * Pub/sub is configured only with the near cache: without one, every instance reads
 * entries and revocation marks from Redis on every request, and Redis alone is
 * consistent. The near cache is used only while the subscriber is subscribed, because
 * broadcasts sent while it is not are lost.
 * <p>
 * Ordered after {@link AuthCacheAutoConfiguration} so that its beans can be conditions
 * here; the {@link CredentialCache} and the invalidator pick the near cache and the
 * broadcaster up when they are created, by which time every bean here is defined.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@AutoConfiguration(after = { DataRedisAutoConfiguration.class, AuthCacheAutoConfiguration.class })
@ConditionalOnClass({ Caffeine.class, Jedis.class, JedisConnectionFactory.class, JsonMapper.class })
@ConditionalOnBooleanProperty("authcache.near-cache.enabled")
@ConditionalOnBean({ AuthCacheRedis.class, Revocations.class, CacheKeys.class })
@EnableConfigurationProperties(AuthCacheProperties.class)
public final class AuthCacheNearCacheAutoConfiguration {

	private final String instanceId = UUID.randomUUID().toString();

	@Bean
	@ConditionalOnMissingBean(NearCache.class)
	CaffeineNearCache authCacheNearCache(AuthCacheProperties properties, CacheKeys keys) {
		AuthCacheProperties.NearCache nearCache = properties.getNearCache();
		return new CaffeineNearCache(nearCache.getTtl(), nearCache.getMaxSize(), keys);
	}

	@Bean
	@ConditionalOnMissingBean
	InvalidationAcks authCacheInvalidationAcks(AuthCacheRedis redis, AuthCacheProperties properties) {
		return new InvalidationAcks(new StringRedisTemplate(redis.connectionFactory()), channel(properties),
				this.instanceId, properties.getCache().getSecret());
	}

	@Bean
	@ConditionalOnMissingBean(InvalidationBroadcaster.class)
	RedisInvalidationBroadcaster authCacheInvalidationBroadcaster(AuthCacheRedis redis, AuthCacheProperties properties,
			InvalidationAcks acks, MarkSeal seal) {
		RedisInvalidationBroadcaster broadcaster = new RedisInvalidationBroadcaster(
				new StringRedisTemplate(redis.connectionFactory()), channel(properties), this.instanceId);
		broadcaster.setSeal(seal);
		broadcaster.setAcks(acks, properties.getNearCache().getAckTimeout());
		broadcaster.setSubscribersCounted(
				!(redis.connectionFactory() instanceof JedisConnectionFactory jedis && jedis.isRedisClusterAware()));
		return broadcaster;
	}

	@Bean
	@ConditionalOnMissingBean
	SubscriberConnectionFactory authCacheSubscriberConnectionFactory(AuthCacheRedis redis) {
		Assert.state(redis.connectionFactory() instanceof JedisConnectionFactory,
				"The near cache subscribes through Jedis: a connection factory qualified with "
						+ "@AuthCacheRedisConnectionFactory must be a JedisConnectionFactory");
		return new JedisSubscriberConnectionFactory((JedisConnectionFactory) redis.connectionFactory());
	}

	@Bean
	@ConditionalOnMissingBean
	InvalidationSubscriber authCacheInvalidationSubscriber(SubscriberConnectionFactory connections,
			AuthCacheProperties properties, Revocations revocations, NearCache nearCache, InvalidationAcks acks,
			MarkSeal seal) {
		InvalidationSubscriber subscriber = new InvalidationSubscriber(connections, channel(properties),
				this.instanceId, revocations, nearCache);
		subscriber.setSeal(seal);
		subscriber.setAcks(acks);
		subscriber.setCatchUpLease(properties.getNearCache().getAckTimeout());
		if (nearCache instanceof CaffeineNearCache caffeine) {
			caffeine.setTrusted(subscriber::isCaughtUp);
		}
		return subscriber;
	}

	private static String channel(AuthCacheProperties properties) {
		return properties.getCache().getKeyPrefix() + "invalidations";
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class NearCacheMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NearCacheMeters authCacheNearCacheMeters(InvalidationAcks acks, InvalidationSubscriber subscriber,
				ObjectProvider<CaffeineNearCache> nearCache) {
			return new NearCacheMeters(acks, subscriber, nearCache.getIfAvailable());
		}

	}

}
