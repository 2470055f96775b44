/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.authcache.actuate.AuthCacheHealthIndicator;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.RevocationStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.RevocationPendingException;
import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.authcache.resilience.StoreCircuitMetrics;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.testing.CacheData;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the circuit breakers, meters and health contributor that
 * {@link AuthCacheAutoConfiguration} sets up.
 *
 * @author authcache authors
 */
class AuthCacheResilienceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.client-type=jedis", "spring.data.redis.port=1",
				CacheData.SECRET_PROPERTY, "authcache.kratos.base-url=http://127.0.0.1:4433");

	@Test
	void circuitBreakersWhenDefaultsThenOneSharedBreakerWithDocumentedSettings() {
		this.runner.run((context) -> {
			StoreCircuitBreakers breakers = context.getBean(StoreCircuitBreakers.class);
			assertThat(breakers.isShared()).isTrue();
			CircuitBreakerConfig config = breakers.cache().getCircuitBreakerConfig();
			assertThat(config.getFailureRateThreshold()).isEqualTo(50);
			assertThat(config.getSlowCallDurationThreshold()).isEqualTo(Duration.ofMillis(200));
			assertThat(config.getSlidingWindowSize()).isEqualTo(10);
			assertThat(config.getMinimumNumberOfCalls()).isEqualTo(5);
			assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(2000);
			assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
			assertThat(context).hasSingleBean(AuthCacheHealthIndicator.class).hasBean("authcacheHealthIndicator");
		});
	}

	@Test
	void circuitBreakersWhenPropertiesSetThenUsed() {
		this.runner
			.withPropertyValues("authcache.resilience.failure-rate-threshold=25",
					"authcache.resilience.wait-duration-in-open-state=5s", "authcache.redis.timeout=300ms")
			.run((context) -> {
				CircuitBreakerConfig config = context.getBean(StoreCircuitBreakers.class)
					.cache()
					.getCircuitBreakerConfig();
				assertThat(config.getFailureRateThreshold()).isEqualTo(25);
				assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(5000);
				assertThat(config.getSlowCallDurationThreshold()).isEqualTo(Duration.ofMillis(300));
			});
	}

	@Test
	void circuitBreakersWhenUserDefinesARevocationStoreThenItHasABreakerOfItsOwn() {
		this.runner.withUserConfiguration(UserRevocationStore.class).run((context) -> {
			StoreCircuitBreakers breakers = context.getBean(StoreCircuitBreakers.class);
			assertThat(breakers.isShared()).isFalse();
			assertThat(breakers.revocation().getName()).isEqualTo(StoreCircuitBreakers.REVOCATION);
		});
	}

	@Test
	void circuitBreakersBackOffWhenDisabled() {
		this.runner.withPropertyValues("authcache.resilience.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StoreCircuitBreakers.class)
				.doesNotHaveBean(AuthCacheHealthIndicator.class)
				.hasBean("credentialCache"));
	}

	@Test
	void healthIndicatorBacksOffWithoutSpringBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasSingleBean(StoreCircuitBreakers.class)
				.doesNotHaveBean(AuthCacheHealthIndicator.class));
	}

	@Test
	void healthWhenCircuitOpenThenUpWithTheDegradationInTheDetails() {
		this.runner.run((context) -> {
			StoreCircuitBreakers breakers = context.getBean(StoreCircuitBreakers.class);
			AuthCacheHealthIndicator health = context.getBean(AuthCacheHealthIndicator.class);
			assertThat(health.health().getDetails()).containsEntry("circuit", "CLOSED")
				.containsEntry("redis", "available");
			breakers.cache().transitionToOpenState();
			Health open = health.health();
			assertThat(open.getStatus()).isEqualTo(Status.UP);
			assertThat(open.getDetails()).containsEntry("circuit", "OPEN").containsEntry("redis", "unavailable");
			breakers.cache().transitionToHalfOpenState();
			assertThat(health.health().getDetails()).containsEntry("circuit", "HALF_OPEN");
		});
	}

	@Test
	void healthWhenWritesCircuitOpenThenRedisStillAvailableAndTheWritesCircuitInTheDetails() {
		this.runner.withUserConfiguration(UserRevocationStore.class).run((context) -> {
			StoreCircuitBreakers breakers = context.getBean(StoreCircuitBreakers.class);
			AuthCacheHealthIndicator health = context.getBean(AuthCacheHealthIndicator.class);
			assertThat(health.health().getDetails()).containsEntry("writeCircuit", "CLOSED")
				.containsEntry("revocationWriteCircuit", "CLOSED");
			breakers.cacheWrites().transitionToOpenState();
			breakers.revocationWrites().transitionToOpenState();
			assertThat(health.health().getDetails()).containsEntry("circuit", "CLOSED")
				.containsEntry("redis", "available")
				.containsEntry("writeCircuit", "OPEN")
				.containsEntry("revocationWriteCircuit", "OPEN");
		});
	}

	@Test
	void healthAndMetersWhenARevocationWaitsForRedisThenTheyCountIt() {
		// Redis refuses (port 1): the session's mark holds here and waits as pending
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			AuthCacheHealthIndicator health = context.getBean(AuthCacheHealthIndicator.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean("authCachePendingRevocationMetrics", MeterBinder.class).bindTo(registry);
			assertThat(health.health().getDetails()).containsEntry("pendingRevocations", 0);
			assertThatExceptionOfType(RevocationPendingException.class)
				.isThrownBy(() -> context.getBean(AuthCacheInvalidator.class).invalidateSession("s-1"));
			assertThat(health.health().getDetails()).containsEntry("pendingRevocations", 1);
			assertThat(registry.get("authcache.revocation.pending").gauge().value()).isEqualTo(1);
		});
	}

	@Test
	void metersWhenAMeterRegistryExistsThenResilience4jMetersAndBypassCounters() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(StoreCircuitMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean("authCacheCircuitBreakerMetrics", MeterBinder.class).bindTo(registry);
			assertThat(registry.get("resilience4j.circuitbreaker.state")
				.tag("name", StoreCircuitBreakers.CACHE)
				.tag("state", "closed")
				.gauge()
				.value()).isEqualTo(1);
			assertThat(registry.find(StoreCircuitMetrics.BYPASSED).counters()).hasSize(6);
		});
	}

	@Test
	void circuitBreakersWhenTheApplicationHasARegistryThenTheyLiveInIt() {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		this.runner.withBean(CircuitBreakerRegistry.class, () -> registry).run((context) -> {
			StoreCircuitBreakers breakers = context.getBean(StoreCircuitBreakers.class);
			assertThat(breakers.registry()).isSameAs(registry);
			assertThat(registry.find(StoreCircuitBreakers.CACHE)).containsSame(breakers.cache());
		});
	}

	@Test
	void circuitBreakersWhenTheRegistryAlreadyHoldsOneOfTheNameThenAuthCachesSettingsWin() {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		registry.circuitBreaker(StoreCircuitBreakers.CACHE,
				CircuitBreakerConfig.custom().failureRateThreshold(90).build());
		this.runner.withBean(CircuitBreakerRegistry.class, () -> registry).run((context) -> {
			StoreCircuitBreakers breakers = context.getBean(StoreCircuitBreakers.class);
			assertThat(breakers.cache().getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(50);
			assertThat(registry.find(StoreCircuitBreakers.CACHE)).containsSame(breakers.cache());
		});
	}

	@Test
	void circuitBreakersWhenTheRegistryAlreadyHoldsOneOfTheNameAndItsConfigIsOptedIntoThenItsSettingsWin() {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		registry.circuitBreaker(StoreCircuitBreakers.CACHE,
				CircuitBreakerConfig.custom().failureRateThreshold(90).build());
		this.runner.withBean(CircuitBreakerRegistry.class, () -> registry)
			.withPropertyValues("authcache.resilience.use-resilience4j-config=true")
			.run((context) -> assertThat(context.getBean(StoreCircuitBreakers.class)
				.cache()
				.getCircuitBreakerConfig()
				.getFailureRateThreshold()).isEqualTo(90));
	}

	@Test
	void upstreamLimitWhenDefaultsThenABulkheadOfTheConfiguredSizeThatNeverWaits() {
		this.runner.withPropertyValues("authcache.upstream.max-concurrent-calls=7").run((context) -> {
			BulkheadConfig config = context.getBean(UpstreamLimit.class).bulkhead().getBulkheadConfig();
			assertThat(config.getMaxConcurrentCalls()).isEqualTo(7);
			assertThat(config.getMaxWaitDuration()).isZero();
		});
	}

	@Test
	void upstreamLimitWhenTheApplicationsBulkheadRegistryHoldsOneOfTheNameThenAuthCachesSettingsWin() {
		BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
		registry.bulkhead(UpstreamLimit.NAME, BulkheadConfig.custom().maxConcurrentCalls(1).build());
		this.runner.withBean(BulkheadRegistry.class, () -> registry)
			.withPropertyValues("authcache.upstream.max-concurrent-calls=7")
			.run((context) -> {
				UpstreamLimit limit = context.getBean(UpstreamLimit.class);
				assertThat(limit.bulkhead().getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(7);
				assertThat(registry.find(UpstreamLimit.NAME)).containsSame(limit.bulkhead());
			});
	}

	@Test
	void upstreamLimitWhenTheApplicationHasABulkheadRegistryAndItsConfigIsOptedIntoThenItsBulkheadLimitsTheLookups() {
		BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
		Bulkhead own = registry.bulkhead(UpstreamLimit.NAME,
				BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());
		this.runner.withBean(BulkheadRegistry.class, () -> registry)
			.withPropertyValues("authcache.resilience.use-resilience4j-config=true")
			.run((context) -> {
				UpstreamLimit limit = context.getBean(UpstreamLimit.class);
				assertThat(limit.registry()).isSameAs(registry);
				assertThat(limit.bulkhead()).isSameAs(own);
				assertThat(own.tryAcquirePermission()).isTrue();
				try {
					// Redis refuses (port 1) and the one permit is taken: rejected before
					// Kratos is called
					assertThatExceptionOfType(UpstreamUnavailableException.class)
						.isThrownBy(() -> context.getBean(CredentialCache.class)
							.lookup(new Credential(CredentialType.SESSION_TOKEN, "ory_st_limited"), null))
						.withMessageContaining("authcache.upstream.max-concurrent-calls");
				}
				finally {
					own.onComplete();
				}
			});
	}

	@Test
	void metersWhenAMeterRegistryExistsThenResilience4jBulkheadMeters() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean("authCacheBulkheadMetrics", MeterBinder.class).bindTo(registry);
			assertThat(registry.get("resilience4j.bulkhead.max.allowed.concurrent.calls")
				.tag("name", UpstreamLimit.NAME)
				.gauge()
				.value()).isEqualTo(64);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRevocationStore {

		@Bean
		RevocationStore userRevocationStore() {
			return new RevocationStore() {

				@Override
				public void write(String key, String value, Duration ttl) {
				}

				@Override
				public List<@Nullable String> read(List<String> keys) {
					return keys.stream().map((key) -> (String) null).toList();
				}

			};
		}

	}

}
