/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import io.github.authcache.cache.UpstreamFairness;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The share of the upstream limit each client address may take
 * ({@code authcache.upstream.fairness.*}), on by default. Imported by
 * {@link AuthCacheAutoConfiguration} next to the upstream limit.
 *
 * @author authcache authors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "authcache.upstream.fairness.enabled", matchIfMissing = true)
class UpstreamFairnessConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UpstreamFairness authCacheUpstreamFairness(AuthCacheProperties properties) {
		AuthCacheProperties.Upstream upstream = properties.getUpstream();
		AuthCacheProperties.Upstream.Fairness fairness = upstream.getFairness();
		int maxShare = (int) Math.max(1, Math.floor(upstream.getMaxConcurrentCalls() * fairness.getMaxShare()));
		return new UpstreamFairness(maxShare, fairness.getMaxColdLookups(), fairness.getWindow());
	}

}
