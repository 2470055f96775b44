/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.junit;

import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import redis.clients.jedis.Jedis;

/**
 * Gives a test class one default {@link RedisServer} and one {@link OryStub}, injected as
 * parameters of its constructor, lifecycle or test methods. Each is started when first
 * asked for and closed after the class. Before each test the server is started again if a
 * test stopped it and flushed, and the stub's faults, state and counters are reset, so
 * that no test depends on another.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RealServersExtension implements ParameterResolver, BeforeEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(RealServersExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == RedisServer.class || type == OryStub.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		ExtensionContext.Store store = classStore(extensionContext);
		return (type == RedisServer.class)
				? store.computeIfAbsent(RedisServer.class, (key) -> RedisServer.startDefault(), RedisServer.class)
				: store.computeIfAbsent(OryStub.class, (key) -> OryStub.start(), OryStub.class);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		ExtensionContext.Store store = classStore(context);
		RedisServer redis = store.get(RedisServer.class, RedisServer.class);
		if (redis != null) {
			redis.start();
			try (Jedis jedis = redis.jedis()) {
				jedis.flushAll();
			}
		}
		OryStub ory = store.get(OryStub.class, OryStub.class);
		if (ory != null) {
			ory.reset();
			ory.clearState();
			ory.resetCounters();
		}
	}

	private static ExtensionContext.Store classStore(ExtensionContext context) {
		@Nullable ExtensionContext classContext = context;
		while (classContext.getTestMethod().isPresent()) {
			classContext = classContext.getParent().orElseThrow();
		}
		return classContext.getStore(NAMESPACE);
	}

}
