/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import io.github.authcache.resolver.jwt.JwtAccessTokenResolver;
import io.github.authcache.security.BackChannelLogoutHandler;
import io.github.authcache.testing.CacheData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the settings JWT mode and the back-channel logout receiver require.
 *
 * @author authcache authors
 */
class JwtAutoConfigurationTests {

	private static final String JWKS = "http://127.0.0.1:1/.well-known/jwks.json";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, AuthCacheResolverAutoConfiguration.class,
				AuthCacheAutoConfiguration.class, AuthCacheWebSecurityAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.client-type=jedis", "spring.data.redis.port=1",
				CacheData.SECRET_PROPERTY);

	@Test
	void jwtModeFailsToStartWithoutARequiredAudience() {
		this.runner.withPropertyValues("authcache.jwt.jwk-set-uri=" + JWKS)
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("authcache.jwt.required-audiences is not set"));
	}

	@Test
	void jwtModeStartsWithARequiredAudienceOrTheExplicitOptOut() {
		this.runner.withPropertyValues("authcache.jwt.jwk-set-uri=" + JWKS, "authcache.jwt.required-audiences=my-api")
			.run((context) -> assertThat(context).hasSingleBean(JwtAccessTokenResolver.class));
		this.runner.withPropertyValues("authcache.jwt.jwk-set-uri=" + JWKS, "authcache.jwt.allow-any-audience=true")
			.run((context) -> assertThat(context).hasSingleBean(JwtAccessTokenResolver.class));
	}

	@Test
	void backChannelLogoutFailsToStartWithoutIssuerOrAudiences() {
		WebApplicationContextRunner backChannel = this.runner.withPropertyValues(
				"authcache.kratos.base-url=http://127.0.0.1:4433", "authcache.back-channel-logout.enabled=true",
				"authcache.back-channel-logout.jwk-set-uri=" + JWKS);
		backChannel.withPropertyValues("authcache.back-channel-logout.audiences=my-app")
			.run((context) -> assertThat(analysis(context).getAction())
				.contains("authcache.back-channel-logout.issuer"));
		backChannel.withPropertyValues("authcache.back-channel-logout.issuer=http://127.0.0.1:1")
			.run((context) -> assertThat(analysis(context).getAction())
				.contains("authcache.back-channel-logout.audiences"));
		backChannel
			.withPropertyValues("authcache.back-channel-logout.issuer=http://127.0.0.1:1",
					"authcache.back-channel-logout.audiences=my-app")
			.run((context) -> assertThat(context).hasSingleBean(BackChannelLogoutHandler.class));
	}

	private static FailureAnalysis analysis(AssertableWebApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new InsecureConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
