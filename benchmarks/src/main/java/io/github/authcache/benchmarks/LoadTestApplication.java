/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.security.Principal;
import java.time.Duration;

import io.github.authcache.autoconfigure.AuthCacheProperties;
import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CaffeineNearCache;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.Revocations;
import io.github.authcache.cache.StoreEpoch;
import io.github.authcache.cache.TtlPolicy;
import io.github.authcache.cache.ValueProtection;
import io.github.authcache.invalidation.redis.InvalidationSubscriber;
import io.github.authcache.invalidation.redis.JedisSubscriberConnectionFactory;
import io.github.authcache.metrics.AuthCacheMetrics;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.security.AuthCacheAuthenticationProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
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
 * <li>{@code /ac-near/**}: authcache with the near cache: a second
 * {@link CredentialCache} on the same beans with a {@link CaffeineNearCache} in front of
 * Redis and a real {@link InvalidationSubscriber} (see {@link NearCacheVariant}).</li>
 * </ul>
 *
 * @author authcache authors
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
class LoadTestApplication {

	static final String CACHE_NAME = "introspection";

	/**
	 * The property that leaves the near-cache variant out ({@code false}), for the runs
	 * on Sentinel and Cluster that measure {@code /ac/**} only.
	 */
	static final String NEAR_CACHE_VARIANT = "benchmark.near-cache-variant";

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

	@Bean
	@Order(5)
	@ConditionalOnBooleanProperty(name = NEAR_CACHE_VARIANT, matchIfMissing = true)
	SecurityFilterChain nearCacheChain(HttpSecurity http, NearCacheVariant nearCache) {
		http.securityMatcher("/ac-near/**").authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.with(authCache(), (authCache) -> authCache
			.authenticationProvider(new AuthCacheAuthenticationProvider(nearCache.credentialCache())));
		return stateless(http).build();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = NEAR_CACHE_VARIANT, matchIfMissing = true)
	NearCacheVariant nearCacheVariant(ObjectProvider<IdentityResolver> resolvers, AuthCacheStore store, CacheKeys keys,
			TtlPolicy ttlPolicy, Revocations revocations, AuthCacheProperties properties,
			ObjectProvider<AuthCacheMetrics> metrics, StoreEpoch storeEpoch, JedisConnectionFactory connectionFactory) {
		return new NearCacheVariant(resolvers, store, keys, ttlPolicy, revocations, properties, metrics, storeEpoch,
				connectionFactory);
	}

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
	 * The near-cache variant, wired as {@code authcache.near-cache.enabled=true} wires it
	 * (default near-cache TTL and size, a {@link CaffeineNearCache} trusted only while
	 * the real {@link InvalidationSubscriber} is subscribed, the store epoch flushing it)
	 * but around a second {@link CredentialCache}, so that the auto-configured one behind
	 * {@code /ac/**} stays Redis only. Neither the near cache nor this cache is a bean:
	 * the auto-configuration would pick a {@code NearCache} bean up for {@code /ac/**}
	 * too, and back off from its own {@code CredentialCache}.
	 */
	static final class NearCacheVariant implements SmartLifecycle {

		private final CredentialCache credentialCache;

		private final InvalidationSubscriber subscriber;

		NearCacheVariant(ObjectProvider<IdentityResolver> resolvers, AuthCacheStore store, CacheKeys keys,
				TtlPolicy ttlPolicy, Revocations revocations, AuthCacheProperties properties,
				ObjectProvider<AuthCacheMetrics> metrics, StoreEpoch storeEpoch,
				JedisConnectionFactory connectionFactory) {
			AuthCacheProperties.NearCache settings = properties.getNearCache();
			CaffeineNearCache nearCache = new CaffeineNearCache(settings.getTtl(), settings.getMaxSize(), keys);
			this.subscriber = new InvalidationSubscriber(new JedisSubscriberConnectionFactory(connectionFactory),
					properties.getCache().getKeyPrefix() + "invalidations", "benchmark-near-cache", revocations,
					nearCache);
			nearCache.setTrusted(this.subscriber::isSubscribed);
			storeEpoch.setNearCache(nearCache);
			this.credentialCache = new CredentialCache(resolvers.orderedStream().toList(), store, keys, ttlPolicy,
					revocations);
			metrics.ifAvailable(this.credentialCache::setMetrics);
			AuthCacheProperties.Cache cache = properties.getCache();
			this.credentialCache.setValueProtection(ValueProtection.of(cache.getSecret(), cache.isEncryptValues()));
			this.credentialCache.setNearCache(nearCache);
			this.credentialCache.setStoreEpoch(storeEpoch);
		}

		CredentialCache credentialCache() {
			return this.credentialCache;
		}

		InvalidationSubscriber subscriber() {
			return this.subscriber;
		}

		@Override
		public void start() {
			this.subscriber.start();
		}

		@Override
		public void stop() {
			this.subscriber.stop();
		}

		@Override
		public boolean isRunning() {
			return this.subscriber.isRunning();
		}

	}

	/**
	 * The protected resource: the same tiny answer for every variant (registered as a
	 * member class of this configuration).
	 */
	@RestController
	static class Hello {

		@GetMapping({ "/open/hello", "/rs/hello", "/rs-cached/hello", "/ac/hello", "/ac-near/hello" })
		String hello(Principal principal) {
			return (principal != null) ? "ok" : "anonymous";
		}

	}

}
