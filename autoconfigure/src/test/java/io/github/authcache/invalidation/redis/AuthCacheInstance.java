/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.github.authcache.autoconfigure.AuthCacheAutoConfiguration;
import io.github.authcache.autoconfigure.AuthCacheNearCacheAutoConfiguration;
import io.github.authcache.autoconfigure.AuthCacheResolverAutoConfiguration;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CaffeineNearCache;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.invalidation.AuthCacheInvalidatedEvent;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.UpstreamRevocations;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * One application instance with authcache and its near cache (unless
 * {@code authcache.near-cache.enabled=false} is given), as its own Spring application
 * context: several of them share one Redis in a test. The acknowledgement deadline, and
 * so the catch-up lease, is 1 s unless given: on a loaded machine a subscriber thread can
 * be late by more than the default 100 ms, and the near cache is then unused.
 *
 * @author authcache authors
 */
public final class AuthCacheInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final AtomicLong invalidationsPublished = new AtomicLong();

	private AuthCacheInstance(ConfigurableApplicationContext context) {
		this.context = context;
		context.addApplicationListener((ApplicationListener<ApplicationEvent>) (event) -> {
			if (event instanceof AuthCacheInvalidatedEvent) {
				this.invalidationsPublished.incrementAndGet();
			}
		});
	}

	/**
	 * Start an instance.
	 * @param properties more properties, overriding the defaults and
	 * {@code application.properties}
	 * @return the running instance
	 */
	public static AuthCacheInstance start(String... properties) {
		return start(null, properties);
	}

	/**
	 * Start an instance whose subscriber connects through the given factory.
	 * @param subscriberConnections the subscriber's connection factory, or {@code null}
	 * for the auto-configured one
	 * @param properties more properties, overriding the defaults
	 * @return the running instance
	 */
	static AuthCacheInstance start(@Nullable SubscriberConnectionFactory subscriberConnections, String... properties) {
		Map<String, String> all = new LinkedHashMap<>();
		Stream
			.concat(Stream.of("spring.data.redis.client-type=jedis", "authcache.redis.timeout=500ms",
					"authcache.redis.connect-timeout=500ms", "authcache.near-cache.enabled=true",
					"authcache.upstream.read-timeout=1s", "authcache.near-cache.ack-timeout=1s"), Stream.of(properties))
			.forEach((property) -> all.put(property.substring(0, property.indexOf('=')), property));
		// As arguments, so that they override application.properties (the cache secret)
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.initializers((initialized) -> {
				if (subscriberConnections != null) {
					initialized.getBeanFactory().registerSingleton("subscriberConnections", subscriberConnections);
				}
			})
			.run(all.values().stream().map((property) -> "--" + property).toArray(String[]::new));
		return new AuthCacheInstance(context);
	}

	public CredentialCache cache() {
		return this.context.getBean(CredentialCache.class);
	}

	public AuthCacheInvalidator invalidator() {
		return this.context.getBean(AuthCacheInvalidator.class);
	}

	public CaffeineNearCache nearCache() {
		return this.context.getBean(CaffeineNearCache.class);
	}

	public UpstreamRevocations upstreamRevocations() {
		return this.context.getBean(UpstreamRevocations.class);
	}

	/**
	 * Return how many invalidations this instance made (and broadcast, with the near
	 * cache).
	 * @return the number of invalidations
	 */
	public long invalidationsPublished() {
		return this.invalidationsPublished.get();
	}

	public InvalidationSubscriber subscriber() {
		return this.context.getBean(InvalidationSubscriber.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public boolean authenticates(Credential credential) {
		return cache().lookup(credential, null) instanceof CacheLookup.Authenticated;
	}

	public String entryKey(Credential credential) {
		return cache().entryKeys(credential).get(0);
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, AuthCacheResolverAutoConfiguration.class,
			AuthCacheAutoConfiguration.class, AuthCacheNearCacheAutoConfiguration.class })
	static class Config {

	}

}
