/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;

import io.github.authcache.actuate.AuthCacheHealthIndicator;
import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.RevocationStore;
import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.cache.redis.RedisRevocationStore;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.resilience.BypassListener;
import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.authcache.resilience.StoreCircuitMetrics;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetricsPublisher;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Circuit breakers in front of the stores (guarantee G8), the bulkhead in front of the
 * upstream, their meters and the {@code authcache} health contributor. They live in the
 * application's Resilience4j registries when it has them, with authcache's settings
 * unless {@code authcache.resilience.use-resilience4j-config=true}, and their meters are
 * left to the application's Resilience4j integration when it meters those registries.
 * Imported by {@link AuthCacheAutoConfiguration} where the stores are defined.
 *
 * @author authcache authors
 */
@Configuration(proxyBeanMethods = false)
class AuthCacheResilienceConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResilientStores authCacheResilientStores(AuthCacheStore cacheStore, RevocationStore revocationStore,
			ObjectProvider<StoreCircuitBreakers> circuitBreakers, ObjectProvider<StoreCircuitMetrics> metrics) {
		StoreCircuitBreakers breakers = circuitBreakers.getIfAvailable();
		if (breakers == null) {
			return new ResilientStores(cacheStore, revocationStore);
		}
		StoreCircuitMetrics meters = metrics.getIfAvailable();
		BypassListener cacheBypasses = (meters != null) ? meters.cacheBypasses() : BypassListener.NONE;
		BypassListener revocationBypasses = (meters != null) ? meters.revocationBypasses() : BypassListener.NONE;
		return new ResilientStores(breakers.decorate(cacheStore, cacheBypasses),
				breakers.decorate(revocationStore, revocationBypasses));
	}

	/**
	 * The upstream limit, in the application's {@link BulkheadRegistry} when there is
	 * one. A bulkhead named {@value UpstreamLimit#NAME} it already holds is replaced by
	 * one with authcache's settings, or kept as it is configured there with
	 * {@code authcache.resilience.use-resilience4j-config=true}.
	 * @param properties the properties
	 * @param registry the application's registry, if any
	 * @return the upstream limit
	 */
	@Bean
	@ConditionalOnMissingBean
	UpstreamLimit authCacheUpstreamLimit(AuthCacheProperties properties, ObjectProvider<BulkheadRegistry> registry) {
		BulkheadRegistry bulkheads = registry.getIfAvailable(BulkheadRegistry::ofDefaults);
		if (!properties.getResilience().isUseResilience4jConfig()) {
			bulkheads.remove(UpstreamLimit.NAME);
		}
		BulkheadConfig config = BulkheadConfig.custom()
			.maxConcurrentCalls(properties.getUpstream().getMaxConcurrentCalls())
			.maxWaitDuration(Duration.ZERO)
			.build();
		return new UpstreamLimit(bulkheads, bulkheads.bulkhead(UpstreamLimit.NAME, config));
	}

	// Resilience4j's own meters (resilience4j.bulkhead.available.concurrent.calls, ...)
	// for every bulkhead of the registry the upstream limit lives in, unless the
	// application's Resilience4j integration meters that registry already
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, TaggedBulkheadMetrics.class })
	@ConditionalOnBean(MeterRegistry.class)
	static class BulkheadMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "authCacheBulkheadMetrics",
				value = { TaggedBulkheadMetrics.class, TaggedBulkheadMetricsPublisher.class })
		MeterBinder authCacheBulkheadMetrics(UpstreamLimit upstreamLimit) {
			return TaggedBulkheadMetrics.ofBulkheadRegistry(upstreamLimit.registry());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "authcache.resilience.enabled", matchIfMissing = true)
	static class CircuitBreakerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StoreCircuitBreakers authCacheStoreCircuitBreakers(AuthCacheProperties properties, AuthCacheStore cacheStore,
				RevocationStore revocationStore, ObjectProvider<CircuitBreakerRegistry> registry) {
			AuthCacheProperties.Resilience resilience = properties.getResilience();
			CircuitBreakerRegistry breakers = registry.getIfAvailable(CircuitBreakerRegistry::ofDefaults);
			if (!resilience.isUseResilience4jConfig()) {
				breakers.remove(StoreCircuitBreakers.CACHE);
				breakers.remove(StoreCircuitBreakers.REVOCATION);
			}
			Duration slowCall = resilience.getSlowCallDurationThreshold();
			if (slowCall == null) {
				slowCall = properties.getRedis().getTimeout();
			}
			CircuitBreakerConfig config = CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(resilience.getSlidingWindowSize())
				.minimumNumberOfCalls(resilience.getMinimumNumberOfCalls())
				.failureRateThreshold(resilience.getFailureRateThreshold())
				.slowCallDurationThreshold(slowCall)
				.slowCallRateThreshold(resilience.getSlowCallRateThreshold())
				.waitDurationInOpenState(resilience.getWaitDurationInOpenState())
				.permittedNumberOfCallsInHalfOpenState(resilience.getPermittedNumberOfCallsInHalfOpenState())
				.build();
			// The auto-configured stores are both on authcache's one Redis: one
			// server, one breaker
			boolean shared = cacheStore instanceof RedisAuthCacheStore
					&& revocationStore instanceof RedisRevocationStore;
			return new StoreCircuitBreakers(breakers, config, shared);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterRegistry.class)
		@ConditionalOnBean(MeterRegistry.class)
		static class MetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			StoreCircuitMetrics authCacheStoreCircuitMetrics(MeterRegistry registry) {
				return new StoreCircuitMetrics(registry);
			}

			// Resilience4j's own meters (resilience4j.circuitbreaker.state, .calls, ...)
			// for every breaker of the registry the store breakers live in, unless the
			// application's Resilience4j integration meters that registry already
			@Configuration(proxyBeanMethods = false)
			@ConditionalOnClass(TaggedCircuitBreakerMetrics.class)
			static class CircuitBreakerMetricsConfiguration {

				@Bean
				@ConditionalOnMissingBean(name = "authCacheCircuitBreakerMetrics",
						value = { TaggedCircuitBreakerMetrics.class, TaggedCircuitBreakerMetricsPublisher.class })
				MeterBinder authCacheCircuitBreakerMetrics(StoreCircuitBreakers circuitBreakers) {
					return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers.registry());
				}

			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(HealthIndicator.class)
		static class HealthConfiguration {

			// On the method: its condition class is only loaded once spring-boot-health
			// is known to be on the classpath
			@Bean
			@ConditionalOnEnabledHealthIndicator("authcache")
			@ConditionalOnMissingBean(name = "authcacheHealthIndicator")
			AuthCacheHealthIndicator authcacheHealthIndicator(StoreCircuitBreakers circuitBreakers,
					AuthCacheProperties properties, ObjectProvider<AuthCacheInvalidator> invalidator) {
				AuthCacheHealthIndicator indicator = new AuthCacheHealthIndicator(circuitBreakers);
				indicator.setUnauthenticatedValues(CacheSecrets.isUnauthenticated(properties.getCache()));
				invalidator.ifAvailable((available) -> indicator.setPendingRevocations(available::pendingCount));
				return indicator;
			}

		}

	}

}
