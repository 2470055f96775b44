/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the validation of {@code authcache.*} properties at startup, the failure
 * analysis that names the property and the fix, and the warning for unknown keys.
 *
 * @author authcache authors
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthCachePropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCacheResolverAutoConfiguration.class));

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					authcache.kratos.base-url=notaurl                  | authcache.kratos.base-url                   | absolute URL
					authcache.kratos.base-url=ftp://kratos:4433        | authcache.kratos.base-url                   | absolute URL
					authcache.kratos.admin-url=/admin                  | authcache.kratos.admin-url                  | absolute URL
					authcache.introspection.uri=notaurl                | authcache.introspection.uri                 | absolute URL
					authcache.introspection.revocation-uri=x           | authcache.introspection.revocation-uri      | absolute URL
					authcache.jwt.jwk-set-uri=notaurl                  | authcache.jwt.jwk-set-uri                   | absolute URL
					authcache.back-channel-logout.jwk-set-uri=notaurl  | authcache.back-channel-logout.jwk-set-uri   | absolute URL
					authcache.back-channel-logout.enabled=true         | authcache.back-channel-logout.jwk-set-uri   | JWK set URL
					authcache.revocation.redis-url=http://marks:6380   | authcache.revocation.redis-url              | absolute URL
					authcache.shared-signals.jwk-set-uri=notaurl       | authcache.shared-signals.jwk-set-uri        | absolute URL
					authcache.shared-signals.enabled=true              | authcache.shared-signals.issuer             | the transmitter's issuer
					authcache.shared-signals.enabled=true              | authcache.shared-signals.jwk-set-uri        | the transmitter's JWK set URL
					authcache.shared-signals.enabled=true              | authcache.shared-signals.audience           | its client id
					authcache.shared-signals.push-path=ssf/events      | authcache.shared-signals.push-path          | /ssf/events
					authcache.keycloak.not-before.jwk-set-uri=notaurl  | authcache.keycloak.not-before.jwk-set-uri   | absolute URL
					authcache.keycloak.not-before.enabled=true         | authcache.keycloak.not-before.issuer        | the realm's issuer
					authcache.keycloak.not-before.enabled=true         | authcache.keycloak.not-before.client-id     | client id at Keycloak
					authcache.keycloak.not-before.path=k_push          | authcache.keycloak.not-before.path          | /k_push_not_before
					authcache.keycloak.not-before.max-token-lifetime=0s | authcache.keycloak.not-before.max-token-lifetime | positive duration
					authcache.shared-signals.max-age=0s                | authcache.shared-signals.max-age            | positive duration
					authcache.shared-signals.poll.endpoint=notaurl     | authcache.shared-signals.poll.endpoint      | absolute URL
					authcache.shared-signals.poll.interval=0s          | authcache.shared-signals.poll.interval      | positive duration
					authcache.shared-signals.poll.max-events=0         | authcache.shared-signals.poll.max-events    | from 1 to 10000
					authcache.shared-signals.poll.token-uri=notaurl    | authcache.shared-signals.poll.token-uri     | absolute URL
					authcache.shared-signals.poll.client-id=receiver   | authcache.shared-signals.poll.client-secret | the client's secret
					authcache.shared-signals.poll.client-id=receiver   | authcache.shared-signals.poll.token-uri     | token endpoint
					authcache.cache.session-ttl=-1s                    | authcache.cache.session-ttl                 | positive duration
					authcache.cache.token-ttl=0s                       | authcache.cache.token-ttl                   | positive duration
					authcache.cache.negative-ttl=-5s                   | authcache.cache.negative-ttl                | positive duration
					authcache.cache.epoch-check-interval=0ms           | authcache.cache.epoch-check-interval        | positive duration
					authcache.cache.stale-if-error=-1m                 | authcache.cache.stale-if-error              | use 0 to turn it off
					authcache.cache.refresh-after=60s                  | authcache.cache.refresh-after               | shorter than the TTLs
					authcache.cache.refresh-after=-1s                  | authcache.cache.refresh-after               | shorter than the TTLs
					authcache.upstream.connect-timeout=0s              | authcache.upstream.connect-timeout          | positive duration
					authcache.upstream.read-timeout=-2s                | authcache.upstream.read-timeout             | positive duration
					authcache.upstream.max-response-size=0B            | authcache.upstream.max-response-size        | from 1
					authcache.upstream.max-concurrent-calls=0          | authcache.upstream.max-concurrent-calls     | from 1
					authcache.upstream.fairness.max-share=0            | authcache.upstream.fairness.max-share       | fraction such as 0.25
					authcache.upstream.fairness.max-share=1.5          | authcache.upstream.fairness.max-share       | fraction such as 0.25
					authcache.upstream.fairness.max-cold-lookups=0     | authcache.upstream.fairness.max-cold-lookups | from 1
					authcache.upstream.fairness.window=0s              | authcache.upstream.fairness.window          | positive duration
					authcache.near-cache.ttl=0s                        | authcache.near-cache.ttl                    | positive duration
					authcache.revocation.timeout=-1ms                  | authcache.revocation.timeout                | positive duration
					authcache.resilience.wait-duration-in-open-state=0s| authcache.resilience.wait-duration-in-open-state | positive duration
					authcache.resilience.slow-call-duration-threshold=-1s | authcache.resilience.slow-call-duration-threshold | positive duration
					authcache.freshness[/api/admin/**]=-1s             | authcache.freshness[/api/admin/**]          | positive duration
					authcache.credentials.max-length=0                 | authcache.credentials.max-length            | from 1 to 65536
					authcache.credentials.max-length=100000            | authcache.credentials.max-length            | from 1 to 65536
					authcache.near-cache.max-size=0                    | authcache.near-cache.max-size               | from 1
					authcache.rate-limit.max-failures-per-minute=0     | authcache.rate-limit.max-failures-per-minute | from 1
					authcache.resilience.sliding-window-size=0         | authcache.resilience.sliding-window-size    | from 1
					authcache.dpop.nonce.window=0s                     | authcache.dpop.nonce.window                 | positive duration
					authcache.dpop.nonce.enabled=true                  | authcache.dpop.nonce.enabled                | set authcache.cache.secret
					authcache.resilience.minimum-number-of-calls=-1    | authcache.resilience.minimum-number-of-calls | from 1
					authcache.resilience.permitted-number-of-calls-in-half-open-state=0 | authcache.resilience.permitted-number-of-calls-in-half-open-state | from 1
					""")
	void invalidValueFailsStartupNamingThePropertyAndTheFix(String setting, String property, String fix) {
		this.runner.withPropertyValues(setting).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new AuthCachePropertiesFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(property + " = '");
			assertThat(analysis.getAction()).contains(property + ": ").contains(fix);
		});
	}

	@Test
	void pollClientAndBearerTokenTogetherFailStartup() {
		this.runner.withPropertyValues("authcache.shared-signals.poll.bearer-token=fixed",
				"authcache.shared-signals.poll.client-id=receiver",
				"authcache.shared-signals.poll.client-secret=secret",
				"authcache.shared-signals.poll.token-uri=https://keycloak.example.com/realms/R/protocol/openid-connect/token")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new AuthCachePropertiesFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("authcache.shared-signals.poll.bearer-token: ")
					.contains("either a bearer token or a client");
			});
	}

	@Test
	void validValuesStart() {
		this.runner
			.withPropertyValues("authcache.kratos.base-url=https://kratos.example.com",
					"authcache.kratos.admin-url=http://kratos-admin:4434",
					"authcache.introspection.uri=http://hydra:4445/admin/oauth2/introspect",
					"authcache.jwt.jwk-set-uri=https://hydra.example.com/.well-known/jwks.json",
					"authcache.revocation.redis-url=rediss://marks:6380", "authcache.cache.stale-if-error=0s",
					"authcache.cache.refresh-after=2s", "authcache.freshness[/api/admin/**]=10s",
					"authcache.jwt.required-audiences=api")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void analyzerIsRegistered() {
		// Others need constructor arguments Spring Boot gives; only ours matters here
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
			}))).hasAtLeastOneElementOfType(AuthCachePropertiesFailureAnalyzer.class);
	}

	@Test
	void unknownKeysAreListedInAWarning(CapturedOutput output) {
		this.runner
			.withPropertyValues("authcache.kratos.base-uri=https://kratos.example.com", "authcache.cache.sesion-ttl=5s",
					"authcache.freshness[/api/**]=5s", "authcache.freshness.admin=5s",
					"authcache.jwt.required-audiences[0]=api", "authcache.cache.session-ttl=30s")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("Unknown authcache properties")
			.contains("authcache.cache.sesion-ttl, authcache.kratos.base-uri")
			.doesNotContain("authcache.freshness")
			.doesNotContain("required-audiences[0]")
			.doesNotContain("authcache.cache.session-ttl,");
	}

}
