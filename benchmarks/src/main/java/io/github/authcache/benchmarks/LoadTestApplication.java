/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.security.Principal;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static io.github.authcache.security.AuthCacheConfigurer.authCache;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * One Spring Boot application (Tomcat on a random loopback port) with one security filter
 * chain per variant, selected by path prefix, so every variant shares the same JVM,
 * Tomcat, Redis connection pool and controller:
 * <ul>
 * <li>{@code /open/**}: no authentication (the ceiling).</li>
 * <li>{@code /rs/**}: Spring Security's {@code oauth2ResourceServer().opaqueToken()}, no
 * cache.</li>
 * <li>{@code /rs-cached/**}: the same with a do-it-yourself {@code @Cacheable}
 * {@link OpaqueTokenIntrospector} over a {@link RedisCacheManager} (60 s TTL, JDK
 * serialization, keyed on the raw token: what the Spring cache abstraction gives).</li>
 * <li>{@code /ac/**}: authcache, Redis only ({@code http.with(authCache(), …)}).</li>
 * </ul>
 *
 * @author authcache authors
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
class LoadTestApplication {

	static final String CACHE_NAME = "introspection";

	@Bean
	RedisCacheManager redisCacheManager(RedisConnectionFactory connectionFactory) {
		return RedisCacheManager.builder(connectionFactory)
			.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofSeconds(60)))
			.build();
	}

	@Bean
	CachingOpaqueTokenIntrospector cachingOpaqueTokenIntrospector(
			@Value("${benchmark.introspection-uri}") String introspectionUri) {
		return new CachingOpaqueTokenIntrospector(springIntrospector(introspectionUri));
	}

	@Bean
	@Order(1)
	SecurityFilterChain openChain(HttpSecurity http) {
		http.securityMatcher("/open/**").authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return stateless(http).build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain resourceServerChain(HttpSecurity http,
			@Value("${benchmark.introspection-uri}") String introspectionUri) {
		http.securityMatcher("/rs/**").authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.oauth2ResourceServer(
				(server) -> server.opaqueToken((opaque) -> opaque.introspector(springIntrospector(introspectionUri))));
		return stateless(http).build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain cachedResourceServerChain(HttpSecurity http, OpaqueTokenIntrospector cachingIntrospector) {
		http.securityMatcher("/rs-cached/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.oauth2ResourceServer((server) -> server.opaqueToken((opaque) -> opaque.introspector(cachingIntrospector)));
		return stateless(http).build();
	}

	@Bean
	@Order(4)
	SecurityFilterChain authCacheChain(HttpSecurity http) {
		http.securityMatcher("/ac/**").authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.with(authCache(), withDefaults());
		return stateless(http).build();
	}

	// NEAR CACHE: add an "/ac-near/**" chain here with a CredentialCache that has the
	// near cache in front of Redis once io.github.authcache.cache has one.

	private static HttpSecurity stateless(HttpSecurity http) {
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable());
		http.requestCache((cache) -> cache.disable());
		return http;
	}

	static OpaqueTokenIntrospector springIntrospector(String introspectionUri) {
		return SpringOpaqueTokenIntrospector.withIntrospectionUri(introspectionUri)
			.clientId("benchmark")
			.clientSecret("benchmark-secret")
			.build();
	}

	/**
	 * The do-it-yourself cache: Spring's cache abstraction around Spring Security's
	 * introspector, as a user would write it.
	 */
	static class CachingOpaqueTokenIntrospector implements OpaqueTokenIntrospector {

		private final OpaqueTokenIntrospector delegate;

		CachingOpaqueTokenIntrospector(OpaqueTokenIntrospector delegate) {
			this.delegate = delegate;
		}

		@Override
		@Cacheable(cacheNames = CACHE_NAME)
		public OAuth2AuthenticatedPrincipal introspect(String token) throws AuthenticationException {
			return this.delegate.introspect(token);
		}

	}

	/**
	 * The protected resource: the same tiny answer for every variant (registered as a
	 * member class of this configuration).
	 */
	@RestController
	static class Hello {

		@GetMapping({ "/open/hello", "/rs/hello", "/rs-cached/hello", "/ac/hello" })
		String hello(Principal principal) {
			return (principal != null) ? "ok" : "anonymous";
		}

	}

}
