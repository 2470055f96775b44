/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import io.github.authcache.actuate.AuthCacheEndpoint;
import io.github.authcache.actuate.EntryCounter;
import io.github.authcache.actuate.RedisDeploymentReport;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link AuthCacheEndpoint
 * authcache actuator endpoint}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@AutoConfiguration(after = AuthCacheAutoConfiguration.class)
@ConditionalOnClass({ AuthCacheEndpoint.class, ConditionalOnAvailableEndpoint.class, MeterRegistry.class })
@ConditionalOnAvailableEndpoint(AuthCacheEndpoint.class)
@ConditionalOnBean(AuthCacheInvalidator.class)
public final class AuthCacheEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AuthCacheEndpoint authCacheEndpoint(AuthCacheInvalidator invalidator, AuthCacheRedis redis, CacheKeys keys,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<RedisDeploymentReport> deploymentReport) {
		AuthCacheEndpoint endpoint = new AuthCacheEndpoint(invalidator,
				new EntryCounter(redis.connectionFactory(), keys), meterRegistry.getIfAvailable());
		endpoint.setDeploymentReport(deploymentReport.getIfAvailable());
		return endpoint;
	}

}
