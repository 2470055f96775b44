/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.security.AuthCacheFilter;
import io.github.authcache.testing.CacheData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of authcache with no identity provider configured: it stays out of the way.
 *
 * @author authcache authors
 */
@ExtendWith(OutputCaptureExtension.class)
class NoIdentityProviderTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, AuthCacheResolverAutoConfiguration.class,
				AuthCacheAutoConfiguration.class, AuthCacheNearCacheAutoConfiguration.class,
				AuthCacheWebSecurityAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1");

	@Test
	void startsWithoutSecretAndDefinesNothingWhenNoIdentityProviderIsConfigured(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(CacheKeys.class)
				.doesNotHaveBean(CredentialCache.class)
				.doesNotHaveBean(AuthCacheRedis.class)
				.doesNotHaveBean(AuthCacheFilter.class)
				.doesNotHaveBean("authCacheSecurityFilterChain")
				.hasSingleBean(SecurityFilterChain.class);
			assertThat(context.getBean(SecurityFilterChain.class).getFilters())
				.noneMatch(AuthCacheFilter.class::isInstance);
			assertThat(output).containsOnlyOnce(NoIdentityProviderNotice.MESSAGE)
				.doesNotContain("authcache.cache.secret is not set")
				.doesNotContain("authenticates no request");
		});
	}

	@Test
	void secretIsRequiredAsSoonAsAnIdentityProviderIsConfigured() {
		this.runner.withPropertyValues("authcache.kratos.base-url=http://127.0.0.1:4433")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InsecureConfigurationException.class));
	}

	@Test
	void noNoticeWhenAnIdentityProviderIsConfigured(CapturedOutput output) {
		this.runner.withPropertyValues("authcache.kratos.base-url=http://127.0.0.1:4433", CacheData.SECRET_PROPERTY)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(CredentialCache.class)
					.hasBean("authCacheSecurityFilterChain")
					.doesNotHaveBean(NoIdentityProviderNotice.class);
				assertThat(output).doesNotContain(NoIdentityProviderNotice.MESSAGE);
			});
	}

	@Test
	void noNoticeWhenAuthCacheIsDisabled(CapturedOutput output) {
		this.runner.withPropertyValues("authcache.enabled=false")
			.run((context) -> assertThat(output).doesNotContain(NoIdentityProviderNotice.MESSAGE));
	}

}
