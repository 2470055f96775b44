/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.topology;

import io.github.authcache.autoconfigure.AuthCacheAutoConfiguration;
import io.github.authcache.autoconfigure.AuthCacheResolverAutoConfiguration;
import io.github.authcache.autoconfigure.AuthCacheWebSecurityAutoConfiguration;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.security.AuthCacheLogoutHandler;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.testing.CacheData;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter as an application gets it: the authcache auto-configurations with Spring
 * Boot's own Redis auto-configuration, pointed at a Redis deployment and at the Ory stub,
 * with every store call recorded.
 *
 * @param context the running application context
 * @author authcache authors
 */
record Starter(AssertableWebApplicationContext context) {

	/**
	 * Return a runner for the starter on the given upstream; add the Redis properties.
	 * @param ory the upstream
	 * @return the runner
	 */
	static WebApplicationContextRunner runner(OryStub ory) {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataRedisAutoConfiguration.class,
					SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
					AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class,
					AuthCacheWebSecurityAutoConfiguration.class))
			.withBean(StoreCallRecorder.class, StoreCallRecorder::new)
			.withPropertyValues("spring.data.redis.client-type=jedis", CacheData.SECRET_PROPERTY,
					"authcache.kratos.base-url=" + ory.kratosPublicUrl(),
					"authcache.kratos.admin-url=" + ory.kratosAdminUrl(),
					"authcache.introspection.uri=" + ory.introspectionUri(),
					"authcache.introspection.revocation-uri=" + ory.revocationUri(),
					"authcache.upstream.connect-timeout=1s", "authcache.upstream.read-timeout=1s");
	}

	/**
	 * Return a runner for the starter on the given Redis deployment and upstream.
	 * @param redis the Redis deployment
	 * @param ory the upstream
	 * @return the runner
	 */
	static WebApplicationContextRunner runner(RunningTopology redis, OryStub ory) {
		return runner(ory).withPropertyValues(redis.properties());
	}

	Starter {
		assertThat(context).hasNotFailed();
	}

	CredentialCache cache() {
		return this.context.getBean(CredentialCache.class);
	}

	AuthCacheInvalidator invalidator() {
		return this.context.getBean(AuthCacheInvalidator.class);
	}

	AuthCacheLogoutHandler logoutHandler() {
		return this.context.getBean(AuthCacheLogoutHandler.class);
	}

	CacheKeys keys() {
		return this.context.getBean(CacheKeys.class);
	}

	StoreCallRecorder recorder() {
		return this.context.getBean(StoreCallRecorder.class);
	}

	CacheLookup lookup(Credential credential) {
		return cache().lookup(credential, null);
	}

	String entryKey(Credential credential) {
		return cache().entryKeys(credential).get(0);
	}

}
