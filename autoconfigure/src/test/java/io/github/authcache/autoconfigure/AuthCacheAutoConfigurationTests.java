/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.Revocations;
import io.github.authcache.cache.TtlPolicy;
import io.github.authcache.cache.UpstreamFairness;
import io.github.authcache.cache.redis.RedisAuthCacheStore;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialExtractor;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.credential.OryCredentialExtractor;
import io.github.authcache.metrics.AuthCacheMetrics;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.introspection.TokenIntrospectionResolver;
import io.github.authcache.resolver.kratos.KratosAttributes;
import io.github.authcache.resolver.kratos.KratosSessionResolver;
import io.github.authcache.security.FreshnessPolicy;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.testing.CacheData;
import io.github.authcache.testing.ReadingStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the authcache auto-configurations.
 *
 * @author authcache authors
 */
class AuthCacheAutoConfigurationTests {

	private static final String KRATOS = "authcache.kratos.base-url=http://127.0.0.1:4433";

	private static final String INTROSPECTION = "authcache.introspection.uri=http://127.0.0.1:4445/admin/oauth2/introspect";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, AuthCacheResolverAutoConfiguration.class,
				AuthCacheAutoConfiguration.class, AuthCacheWebSecurityAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.client-type=jedis", "spring.data.redis.port=1",
				CacheData.SECRET_PROPERTY);

	@Test
	void resolversCacheAndSecurityWhenBothUrlsSet() {
		this.runner.withPropertyValues(KRATOS, INTROSPECTION)
			.run((context) -> assertThat(context).hasSingleBean(KratosSessionResolver.class)
				.hasSingleBean(TokenIntrospectionResolver.class)
				.hasSingleBean(UpstreamHttpClient.class)
				.hasSingleBean(RedisAuthCacheStore.class)
				.hasSingleBean(CredentialCache.class)
				.doesNotHaveBean(AuthenticationProvider.class)
				.hasSingleBean(OryCredentialExtractor.class)
				.hasSingleBean(FreshnessPolicy.class)
				.hasBean("authCacheSecurityFilterChain"));
	}

	@Test
	void kratosResolverKeepsOnlyTheTraitsOfTheProperty() {
		try (OryStub ory = OryStub.start()) {
			Credential token = new Credential(CredentialType.SESSION_TOKEN, ory.registerSession().requiredToken());
			this.runner
				.withPropertyValues("authcache.kratos.base-url=" + ory.kratosPublicUrl(),
						"authcache.kratos.traits=email")
				.run((context) -> {
					Resolution resolution = context.getBean(KratosSessionResolver.class).resolve(token);
					assertThat(((Resolution.Active) resolution).identity().attributes().get(KratosAttributes.TRAITS))
						.asInstanceOf(InstanceOfAssertFactories.MAP)
						.containsOnlyKeys("email");
				});
		}
	}

	@Test
	void nothingIsAuthenticatedWhenNoUpstreamIsConfigured() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(IdentityResolver.class)
			.doesNotHaveBean(CredentialCache.class)
			.doesNotHaveBean(AuthenticationProvider.class)
			.doesNotHaveBean("authCacheSecurityFilterChain"));
	}

	@Test
	void everythingBacksOffWhenDisabled() {
		this.runner.withPropertyValues(KRATOS, INTROSPECTION, "authcache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IdentityResolver.class)
				.doesNotHaveBean(UpstreamHttpClient.class)
				.doesNotHaveBean(AuthCacheStore.class)
				.doesNotHaveBean(CredentialCache.class)
				.doesNotHaveBean(AuthenticationProvider.class)
				.doesNotHaveBean("authCacheSecurityFilterChain"));
	}

	@Test
	void kratosResolverBacksOffWhenKratosDisabled() {
		this.runner.withPropertyValues(KRATOS, INTROSPECTION, "authcache.kratos.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KratosSessionResolver.class)
				.hasSingleBean(TokenIntrospectionResolver.class));
	}

	@Test
	void introspectionResolverBacksOffWhenIntrospectionDisabled() {
		this.runner.withPropertyValues(KRATOS, INTROSPECTION, "authcache.introspection.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(KratosSessionResolver.class)
				.doesNotHaveBean(TokenIntrospectionResolver.class));
	}

	@Test
	void extractorOnlyExtractsCredentialsAResolverAccepts() {
		this.runner.withPropertyValues(INTROSPECTION).run((context) -> {
			CredentialExtractor extractor = context.getBean(CredentialExtractor.class);
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.addHeader("X-Session-Token", "ory_st_abc");
			assertThat(extractor.extract(request)).isNull();
			request.addHeader("Authorization", "Bearer ory_at_abc");
			assertThat(extractor.extract(request)).isEqualTo(new Credential(CredentialType.ACCESS_TOKEN, "ory_at_abc"));
		});
	}

	@Test
	void cacheBacksOffWithoutRedis() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCacheResolverAutoConfiguration.class,
					AuthCacheAutoConfiguration.class, AuthCacheWebSecurityAutoConfiguration.class))
			.withPropertyValues(KRATOS)
			.run((context) -> assertThat(context).hasSingleBean(KratosSessionResolver.class)
				.doesNotHaveBean(CredentialCache.class));
	}

	@Test
	void securityBacksOffWithoutSpringSecurityOnTheClasspath() {
		this.runner.withPropertyValues(KRATOS)
			.withClassLoader(new FilteredClassLoader(HttpSecurity.class))
			.run((context) -> assertThat(context).hasSingleBean(CredentialCache.class)
				.doesNotHaveBean(AuthenticationProvider.class));
	}

	@Test
	void customResolverAloneGetsTheCacheAndTheFilter() {
		this.runner.withUserConfiguration(CustomResolverConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CredentialCache.class).hasBean("authCacheSecurityFilterChain");
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.addHeader("Authorization", "Bearer custom-token");
			assertThat(context.getBean(CredentialExtractor.class).extract(request)).isNotNull();
		});
	}

	@Test
	void upstreamHttpClientBacksOffWhenUserDefinesOne() {
		this.runner.withPropertyValues(KRATOS)
			.withUserConfiguration(UserBeans.HttpClient.class)
			.run((context) -> assertThat(context.getBean(UpstreamHttpClient.class))
				.isSameAs(context.getBean("userHttpClient")));
	}

	@Test
	void kratosResolverBacksOffWhenUserDefinesOne() {
		this.runner.withPropertyValues(KRATOS)
			.withUserConfiguration(UserBeans.Kratos.class)
			.run((context) -> assertThat(context.getBean(KratosSessionResolver.class))
				.isSameAs(context.getBean("userKratos")));
	}

	@Test
	void introspectionResolverBacksOffWhenUserDefinesOne() {
		this.runner.withPropertyValues(INTROSPECTION)
			.withUserConfiguration(UserBeans.Introspection.class)
			.run((context) -> assertThat(context.getBean(TokenIntrospectionResolver.class))
				.isSameAs(context.getBean("userIntrospection")));
	}

	@Test
	void storeBacksOffWhenUserDefinesOne() {
		this.runner.withPropertyValues(KRATOS)
			.withUserConfiguration(UserBeans.Store.class)
			.run((context) -> assertThat(context).doesNotHaveBean(RedisAuthCacheStore.class)
				.hasSingleBean(AuthCacheStore.class)
				.hasSingleBean(CredentialCache.class));
	}

	@Test
	void credentialCacheBacksOffWhenUserDefinesOne() {
		this.runner.withPropertyValues(KRATOS)
			.withUserConfiguration(UserBeans.Cache.class)
			.run((context) -> assertThat(context.getBean(CredentialCache.class))
				.isSameAs(context.getBean("userCache")));
	}

	@Test
	void upstreamFairnessIsOnByDefault() {
		this.runner.withPropertyValues(KRATOS)
			.run((context) -> assertThat(context).hasSingleBean(UpstreamFairness.class));
	}

	@Test
	void upstreamFairnessIsOffWhenDisabled() {
		this.runner.withPropertyValues(KRATOS, "authcache.upstream.fairness.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UpstreamFairness.class)
				.hasSingleBean(CredentialCache.class));
	}

	@Test
	void upstreamFairnessBacksOffWhenUserDefinesOne() {
		UpstreamFairness own = new UpstreamFairness(1, 1, Duration.ofSeconds(1));
		this.runner.withPropertyValues(KRATOS)
			.withBean(UpstreamFairness.class, () -> own)
			.run((context) -> assertThat(context.getBean(UpstreamFairness.class)).isSameAs(own));
	}

	@Test
	void metricsAreRecordedWhenAMeterRegistryExists() {
		this.runner.withPropertyValues(KRATOS).withUserConfiguration(UserBeans.Meters.class).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerAuthCacheMetrics.class);
			assertThat(context.getBean(MeterRegistry.class).find("authcache.lookups").counters()).hasSize(8);
			assertThat(context.getBean(MeterRegistry.class).find("authcache.upstream").timers()).hasSize(8);
		});
	}

	@Test
	void metricsBackOffWhenUserDefinesThem() {
		this.runner.withPropertyValues(KRATOS)
			.withUserConfiguration(UserBeans.Meters.class, UserBeans.Metrics.class)
			.run((context) -> assertThat(context).doesNotHaveBean(MicrometerAuthCacheMetrics.class)
				.hasSingleBean(AuthCacheMetrics.class));
	}

	@Test
	void extractorBacksOffWhenUserDefinesOne() {
		this.runner.withPropertyValues(KRATOS)
			.withUserConfiguration(UserBeans.Extractor.class)
			.run((context) -> assertThat(context.getBean(CredentialExtractor.class))
				.isSameAs(context.getBean("userExtractor")));
	}

	@Test
	void freshnessPolicyBacksOffWhenUserDefinesOne() {
		this.runner.withPropertyValues(KRATOS, "authcache.freshness[/admin/**]=10s")
			.withUserConfiguration(UserBeans.Freshness.class)
			.run((context) -> assertThat(context.getBean(FreshnessPolicy.class))
				.isSameAs(context.getBean("userFreshness")));
	}

	@Test
	void defaultSecurityFilterChainBacksOffWhenUserDefinesOne() {
		this.runner.withPropertyValues(KRATOS)
			.withUserConfiguration(UserBeans.FilterChain.class)
			.run((context) -> assertThat(context).doesNotHaveBean("authCacheSecurityFilterChain")
				.hasSingleBean(SecurityFilterChain.class));
	}

	@Test
	void propertiesBindToTheBeans() {
		this.runner
			.withPropertyValues(KRATOS, "authcache.cache.session-ttl=30s", "authcache.cache.key-prefix=app1:",
					"authcache.freshness[/admin/**]=10s")
			.run((context) -> {
				AuthCacheProperties properties = context.getBean(AuthCacheProperties.class);
				assertThat(properties.getCache().getSessionTtl()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.getCache().getKeyPrefix()).isEqualTo("app1:");
				assertThat(properties.getFreshness()).containsEntry("/admin/**", Duration.ofSeconds(10));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomResolverConfiguration {

		@Bean
		IdentityResolver customResolver() {
			return new IdentityResolver() {

				@Override
				public boolean supports(CredentialType type) {
					return type == CredentialType.ACCESS_TOKEN;
				}

				@Override
				public Resolution resolve(Credential credential) {
					return new Resolution.Active(new Identity("user", null, null, null, List.of(), Map.of()));
				}

			};
		}

	}

	static class UserBeans {

		private static final JsonMapper json = JsonMapper.builder().build();

		private static final UpstreamHttpClient http = new UpstreamHttpClient(Duration.ofSeconds(1),
				Duration.ofSeconds(1));

		@Configuration(proxyBeanMethods = false)
		static class HttpClient {

			@Bean
			UpstreamHttpClient userHttpClient() {
				return new UpstreamHttpClient(Duration.ofSeconds(3), Duration.ofSeconds(3));
			}

		}

		@Configuration(proxyBeanMethods = false)
		static class Kratos {

			@Bean
			KratosSessionResolver userKratos() {
				return new KratosSessionResolver(URI.create("http://127.0.0.1:1"), http, json);
			}

		}

		@Configuration(proxyBeanMethods = false)
		static class Introspection {

			@Bean
			TokenIntrospectionResolver userIntrospection() {
				return new TokenIntrospectionResolver(URI.create("http://127.0.0.1:1"), http, json);
			}

		}

		@Configuration(proxyBeanMethods = false)
		static class Store {

			@Bean
			AuthCacheStore userStore() {
				return new ReadingStore((key) -> null);
			}

		}

		@Configuration(proxyBeanMethods = false)
		static class Cache {

			@Bean
			CredentialCache userCache(AuthCacheStore store, Revocations revocations) {
				return new CredentialCache(
						List.of(new KratosSessionResolver(URI.create("http://127.0.0.1:1"), http, json)), store,
						new CacheKeys("x:", null),
						new TtlPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)),
						revocations);
			}

		}

		@Configuration(proxyBeanMethods = false)
		static class Meters {

			@Bean
			SimpleMeterRegistry meterRegistry() {
				return new SimpleMeterRegistry();
			}

		}

		@Configuration(proxyBeanMethods = false)
		static class Metrics {

			@Bean
			AuthCacheMetrics userMetrics() {
				return AuthCacheMetrics.NONE;
			}

		}

		@Configuration(proxyBeanMethods = false)
		static class Extractor {

			@Bean
			CredentialExtractor userExtractor() {
				return new OryCredentialExtractor(EnumSet.of(CredentialType.SESSION_TOKEN));
			}

		}

		@Configuration(proxyBeanMethods = false)
		static class Freshness {

			@Bean
			FreshnessPolicy userFreshness() {
				return new FreshnessPolicy(Map.of());
			}

		}

		@Configuration(proxyBeanMethods = false)
		static class FilterChain {

			@Bean
			SecurityFilterChain userChain(HttpSecurity http) {
				return http.build();
			}

		}

	}

}
