/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

/**
 * Two application instances A and B with near caches on one real {@code redis-server} and
 * one Ory stub, as a JUnit extension of a test class: both started, and subscribed to the
 * invalidation channel, before its tests; the Redis data, both near caches and the stub
 * reset before each test; all stopped after them.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final TwoInstances instances = new TwoInstances("authcache.near-cache.ttl=30s");
 * </pre>
 *
 * @author authcache authors
 */
final class TwoInstances implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	private final RedisServer redis = RedisServer.startDefault();

	private final OryStub ory = OryStub.start();

	private final List<String> properties;

	private @Nullable AuthCacheInstance a;

	private @Nullable AuthCacheInstance b;

	/**
	 * Create the instances' extension.
	 * @param properties the instances' properties beside the Redis and Kratos URLs
	 */
	TwoInstances(String... properties) {
		this.properties = new ArrayList<>(
				List.of("spring.data.redis.host=" + this.redis.host(), "spring.data.redis.port=" + this.redis.port(),
						"authcache.kratos.base-url=" + this.ory.kratosPublicUrl()));
		this.properties.addAll(List.of(properties));
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		String[] properties = this.properties.toArray(String[]::new);
		this.a = AuthCacheInstance.start(properties);
		this.b = AuthCacheInstance.start(properties);
		awaitSubscribed();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		try (Jedis jedis = this.redis.jedis()) {
			CacheData.clear(jedis);
		}
		a().nearCache().clear();
		b().nearCache().clear();
		this.ory.reset();
		this.ory.resetCounters();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.b != null) {
			this.b.close();
		}
		if (this.a != null) {
			this.a.close();
		}
		this.ory.close();
		this.redis.close();
	}

	/**
	 * Wait until both instances are subscribed and caught up with the invalidations.
	 */
	void awaitSubscribed() {
		Awaitility.await("both subscribed")
			.atMost(Duration.ofSeconds(8))
			.until(() -> a().subscriber().isCaughtUp() && b().subscriber().isCaughtUp());
	}

	RedisServer redis() {
		return this.redis;
	}

	OryStub ory() {
		return this.ory;
	}

	AuthCacheInstance a() {
		return started(this.a);
	}

	AuthCacheInstance b() {
		return started(this.b);
	}

	private static AuthCacheInstance started(@Nullable AuthCacheInstance instance) {
		if (instance == null) {
			throw new IllegalStateException("The instances start before the class's tests");
		}
		return instance;
	}

}
