/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import io.github.authcache.actuate.AuthCacheHealthIndicator;
import io.github.authcache.actuate.RedisDeploymentReport;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the cache secret the starter requires ({@link CacheSecrets}) and the
 * explanation of its absence ({@link InsecureConfigurationFailureAnalyzer}).
 *
 * @author authcache authors
 */
@ExtendWith(OutputCaptureExtension.class)
class CacheSecretAutoConfigurationTests {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.client-type=jedis", "spring.data.redis.port=1",
				"authcache.kratos.base-url=http://127.0.0.1:4433");

	@Test
	void startupFailsWithoutSecretAndTheAnalysisNamesThePropertyWhyAndHow() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InsecureConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("authcache.cache.secret is not set").contains("any user");
			assertThat(analysis.getAction()).contains("authcache.cache.secret")
				.contains("openssl rand -base64 48")
				.contains("authcache.cache.allow-unauthenticated-values=true");
		});
	}

	@Test
	void startupFailsWithASecretShorterThan32Bytes() {
		this.runner.withPropertyValues("authcache.cache.secret=" + SECRET.substring(1)).run((context) -> {
			FailureAnalysis analysis = new InsecureConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("authcache.cache.secret has 31 bytes")
				.doesNotContain(SECRET.substring(1));
		});
	}

	@Test
	void startupFailsWithAShortPreviousSecret() {
		this.runner.withPropertyValues("authcache.cache.secret=" + SECRET, "authcache.cache.previous-secrets=short")
			.run((context) -> assertThat(
					new InsecureConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
				.contains("authcache.cache.previous-secrets[0] has 5 bytes"));
	}

	@Test
	void startsWithASecretOf32Bytes() {
		this.runner.withPropertyValues("authcache.cache.secret=" + SECRET)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(CacheKeys.class));
	}

	@Test
	void startsWithoutSecretWhenExplicitlyAllowedAndWarnsInTheReportAndTheHealthDetails() {
		this.runner.withPropertyValues("authcache.cache.allow-unauthenticated-values=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(
					ReflectionTestUtils.getField(context.getBean(RedisDeploymentReport.class), "unauthenticatedValues"))
				.isEqualTo(true);
			Health health = context.getBean(AuthCacheHealthIndicator.class).health();
			assertThat(health.getDetails().get("values")).asString().startsWith("unauthenticated");
		});
	}

	@Test
	void startsWithAnEmptySecretWhenExplicitlyAllowedAndWarnsInTheReportAndTheHealthDetails() {
		this.runner.withPropertyValues("authcache.cache.secret=", "authcache.cache.allow-unauthenticated-values=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(ReflectionTestUtils.getField(context.getBean(RedisDeploymentReport.class),
						"unauthenticatedValues"))
					.isEqualTo(true);
				Health health = context.getBean(AuthCacheHealthIndicator.class).health();
				assertThat(health.getDetails().get("values")).asString().startsWith("unauthenticated");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "authcache.cache.allow-unauthenticated-values=true",
			"authcache.cache.secret=,authcache.cache.allow-unauthenticated-values=true" })
	void startsWithoutSecretWhenExplicitlyAllowedAndWarnsOnceAtStartup(String properties, CapturedOutput output) {
		this.runner.withPropertyValues(properties.split(","))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(CredentialCache.class));
		assertThat(output.getAll().lines().filter((line) -> line.contains(CacheSecrets.UNAUTHENTICATED)))
			.singleElement()
			.asString()
			.contains("WARN");
	}

	@Test
	void startsWithASecretWithoutTheWarning(CapturedOutput output) {
		this.runner.withPropertyValues("authcache.cache.secret=" + SECRET)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getAll()).doesNotContain(CacheSecrets.UNAUTHENTICATED);
	}

	@Test
	void healthDetailsDoNotMentionValuesWithASecret() {
		this.runner.withPropertyValues("authcache.cache.secret=" + SECRET)
			.run((context) -> assertThat(context.getBean(AuthCacheHealthIndicator.class).health().getDetails())
				.doesNotContainKey("values"));
	}

	@Test
	void previousSecretsGiveTheCredentialKeysUnderEverySecretCurrentFirst() {
		Credential credential = new Credential(CredentialType.SESSION_TOKEN, "ory_st_abc");
		this.runner
			.withPropertyValues("authcache.cache.secret=" + SECRET,
					"authcache.cache.previous-secrets=" + SECRET.toUpperCase())
			.run((context) -> {
				CacheKeys keys = context.getBean(CacheKeys.class);
				assertThat(keys.entryKeys("ns", credential)).containsExactly(keys.entryKey("ns", credential),
						new CacheKeys("authcache:", SECRET.toUpperCase()).entryKey("ns", credential));
			});
	}

	@Test
	void theAnalyzerIsRegisteredForSpringBoot() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, FailureHandler.handleMessage((message, failure) -> {
			}))).hasAtLeastOneElementOfType(InsecureConfigurationFailureAnalyzer.class);
	}

}
