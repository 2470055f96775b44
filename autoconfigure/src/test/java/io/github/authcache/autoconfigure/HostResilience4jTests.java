/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.authcache.testing.CacheData;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadMetricsAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of authcache in a host application with Resilience4j's Spring Boot integration
 * and Resilience4j configs of its own for authcache's instance names.
 *
 * @author authcache authors
 */
@ExtendWith(OutputCaptureExtension.class)
class HostResilience4jTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class,
				CircuitBreakerMetricsAutoConfiguration.class, BulkheadAutoConfiguration.class,
				BulkheadMetricsAutoConfiguration.class, DataRedisAutoConfiguration.class,
				AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("spring.data.redis.port=1", CacheData.SECRET_PROPERTY,
				"authcache.kratos.base-url=http://127.0.0.1:4433",
				"resilience4j.circuitbreaker.instances.authcache-cache.failure-rate-threshold=90",
				"resilience4j.circuitbreaker.instances.host-breaker.failure-rate-threshold=70",
				"resilience4j.bulkhead.instances.authcache-upstream.max-concurrent-calls=3");

	@Test
	void authCacheInstancesFollowAuthCacheSettingsByDefault() {
		this.runner.run((context) -> {
			CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
			StoreCircuitBreakers breakers = context.getBean(StoreCircuitBreakers.class);
			assertThat(breakers.registry()).isSameAs(registry);
			assertThat(breakers.cache().getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(50);
			assertThat(registry.circuitBreaker("host-breaker").getCircuitBreakerConfig().getFailureRateThreshold())
				.isEqualTo(70);
			assertThat(context.getBean(UpstreamLimit.class).bulkhead().getBulkheadConfig().getMaxConcurrentCalls())
				.isEqualTo(new AuthCacheProperties().getUpstream().getMaxConcurrentCalls());
		});
	}

	@Test
	void authCacheInstancesFollowTheResilience4jConfigWhenOptedIn() {
		this.runner.withPropertyValues("authcache.resilience.use-resilience4j-config=true").run((context) -> {
			assertThat(context.getBean(StoreCircuitBreakers.class)
				.cache()
				.getCircuitBreakerConfig()
				.getFailureRateThreshold()).isEqualTo(90);
			assertThat(context.getBean(UpstreamLimit.class).bulkhead().getBulkheadConfig().getMaxConcurrentCalls())
				.isEqualTo(3);
		});
	}

	@Test
	void resilience4jMetersAreRegisteredOnceByTheHostsIntegration(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean("authCacheCircuitBreakerMetrics")
				.doesNotHaveBean("authCacheBulkheadMetrics");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			List<String> states = new ArrayList<>();
			meters.find("resilience4j.circuitbreaker.state")
				.tag("name", StoreCircuitBreakers.CACHE)
				.tag("state", "closed")
				.gauges()
				.forEach((gauge) -> states.add(gauge.getId().toString()));
			assertThat(states).hasSize(1);
			assertThat(meters.find("resilience4j.bulkhead.max.allowed.concurrent.calls")
				.tag("name", UpstreamLimit.NAME)
				.gauges()).hasSize(1);
			assertThat(output).doesNotContainIgnoringCase("already registered").doesNotContainIgnoringCase("duplicate");
		});
	}

}
