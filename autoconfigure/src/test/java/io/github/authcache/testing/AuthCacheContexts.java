/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import io.github.authcache.autoconfigure.AuthCacheAutoConfiguration;
import io.github.authcache.autoconfigure.AuthCacheResolverAutoConfiguration;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Contexts of the starter's auto-configuration on a real redis-server, with Kratos and
 * token introspection on an Ory stub, so that tests take the beans the application gets.
 * Upstream calls may take one second to connect and one to answer, so a revocation mark
 * of a credential lives 62 seconds with the default cache TTLs.
 *
 * @author authcache authors
 */
public final class AuthCacheContexts {

	private AuthCacheContexts() {
	}

	/**
	 * Return a runner of the auto-configuration on the given Redis and stub.
	 * @param redis the Redis server
	 * @param ory the Ory stub
	 * @return the runner
	 */
	public static ApplicationContextRunner on(RedisServer redis, OryStub ory) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class))
			.withPropertyValues(CacheData.SECRET_PROPERTY, "spring.data.redis.client-type=jedis",
					"spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
					"authcache.kratos.base-url=" + ory.kratosPublicUrl(),
					"authcache.kratos.admin-url=" + ory.kratosAdminUrl(),
					"authcache.introspection.uri=" + ory.introspectionUri(),
					"authcache.introspection.revocation-uri=" + ory.revocationUri(),
					"authcache.upstream.connect-timeout=1s", "authcache.upstream.read-timeout=1s");
	}

	/**
	 * Return a runner of the auto-configuration on the given Redis and stub, with local
	 * validation of the JWTs of the given issuer (any audience).
	 * @param redis the Redis server
	 * @param ory the Ory stub
	 * @param issuer the JWT issuer
	 * @return the runner
	 */
	public static ApplicationContextRunner withJwt(RedisServer redis, OryStub ory, JwtIssuer issuer) {
		return on(redis, ory).withPropertyValues("authcache.jwt.jwk-set-uri=" + issuer.jwkSetUri(),
				"authcache.jwt.issuer=" + issuer.issuer(), "authcache.jwt.allow-any-audience=true");
	}

}
