/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import io.github.authcache.resolver.introspection.TokenIntrospectionResolver;
import io.github.authcache.resolver.jwt.JwtAccessTokenResolver;
import io.github.authcache.security.AuthCacheConfigurer;
import io.github.authcache.security.AuthCacheOpaqueTokenIntrospector;
import io.github.authcache.testing.CacheData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * Tests for the migration from {@code oauth2ResourceServer()}: the cache-backed
 * introspector bean, the startup failure when one chain has both, and the fallback to
 * Spring Boot's resource server properties.
 *
 * @author authcache authors
 */
class MigrationConfigurationTests {

	private static final String KRATOS = "authcache.kratos.base-url=http://127.0.0.1:4433";

	private static final String INTROSPECTION = "authcache.introspection.uri=http://127.0.0.1:4445/admin/oauth2/introspect";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, AuthCacheResolverAutoConfiguration.class,
				AuthCacheAutoConfiguration.class, AuthCacheWebSecurityAutoConfiguration.class))
		.withPropertyValues(CacheData.SECRET_PROPERTY, "spring.data.redis.client-type=jedis",
				"spring.data.redis.port=1");

	@Test
	void introspectorOnTheCacheIsABean() {
		this.runner.withPropertyValues(INTROSPECTION)
			.run((context) -> assertThat(context).getBean(OpaqueTokenIntrospector.class)
				.isInstanceOf(AuthCacheOpaqueTokenIntrospector.class));
	}

	@Test
	void introspectorBacksOffWhenTheApplicationHasOne() {
		this.runner.withPropertyValues(INTROSPECTION)
			.withUserConfiguration(UserIntrospector.class)
			.run((context) -> assertThat(context).getBean(OpaqueTokenIntrospector.class)
				.isInstanceOf(SpringOpaqueTokenIntrospector.class));
	}

	@Test
	void chainWithAuthCacheAndResourceServerFailsToStart() {
		this.runner.withPropertyValues(KRATOS, INTROSPECTION)
			.withUserConfiguration(BothInOneChain.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("authcache and oauth2ResourceServer() would both authenticate")
				.hasMessageContaining(
						"opaqueToken((opaque) -> opaque.introspector(authCacheOpaqueTokenIntrospector))"));
	}

	@Test
	void resourceServerPropertiesAreUsedWhenAuthCacheOnesAreUnset() {
		this.runner
			.withInitializer((context) -> new ResourceServerPropertiesEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), null))
			.withPropertyValues(
					"spring.security.oauth2.resourceserver.opaquetoken.introspection-uri=http://127.0.0.1:4445/introspect",
					"spring.security.oauth2.resourceserver.opaquetoken.client-id=api",
					"spring.security.oauth2.resourceserver.opaquetoken.client-secret=s3cret,with-comma",
					"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:4444/.well-known/jwks.json",
					"spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:4444/",
					"spring.security.oauth2.resourceserver.jwt.audiences[0]=api",
					"spring.security.oauth2.resourceserver.jwt.audiences[1]=admin")
			.run((context) -> {
				assertThat(context).hasSingleBean(TokenIntrospectionResolver.class)
					.hasSingleBean(JwtAccessTokenResolver.class);
				AuthCacheProperties properties = context.getBean(AuthCacheProperties.class);
				assertThat(properties.getIntrospection().getUri()).hasToString("http://127.0.0.1:4445/introspect");
				assertThat(properties.getIntrospection().getClientId()).isEqualTo("api");
				assertThat(properties.getIntrospection().getClientSecret()).isEqualTo("s3cret,with-comma");
				assertThat(properties.getJwt().getJwkSetUri())
					.hasToString("http://127.0.0.1:4444/.well-known/jwks.json");
				assertThat(properties.getJwt().getIssuer()).isEqualTo("http://127.0.0.1:4444/");
				assertThat(properties.getJwt().getRequiredAudiences()).containsExactly("api", "admin");
			});
	}

	@Test
	void authCachePropertiesWinOverResourceServerOnes() {
		StandardEnvironment environment = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(environment,
				"spring.security.oauth2.resourceserver.opaquetoken.introspection-uri=http://spring/introspect",
				"authcache.introspection.uri=http://authcache/introspect",
				"spring.security.oauth2.resourceserver.jwt.audiences=api", "authcache.jwt.required-audiences[0]=own");
		new ResourceServerPropertiesEnvironmentPostProcessor().postProcessEnvironment(environment, null);
		assertThat(environment.getProperty("authcache.introspection.uri")).isEqualTo("http://authcache/introspect");
		assertThat(environment.getProperty("authcache.jwt.required-audiences")).isNull();
	}

	@Test
	void fallbackIsRegisteredAsAnEnvironmentPostProcessor() {
		assertThat(SpringFactoriesLoader.loadFactoryNames(EnvironmentPostProcessor.class, getClass().getClassLoader()))
			.contains(ResourceServerPropertiesEnvironmentPostProcessor.class.getName());
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIntrospector {

		@Bean
		OpaqueTokenIntrospector userIntrospector() {
			return SpringOpaqueTokenIntrospector.withIntrospectionUri("http://127.0.0.1:4445/introspect")
				.clientId("api")
				.clientSecret("secret")
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BothInOneChain {

		@Bean
		SecurityFilterChain bothInOneChain(HttpSecurity http, OpaqueTokenIntrospector introspector) {
			http.oauth2ResourceServer(
					(resourceServer) -> resourceServer.opaqueToken((opaque) -> opaque.introspector(introspector)));
			http.with(AuthCacheConfigurer.authCache(), withDefaults());
			return http.build();
		}

	}

}
