/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;
import io.github.authcache.autoconfigure.AuthCacheAutoConfiguration;
import io.github.authcache.autoconfigure.AuthCacheResolverAutoConfiguration;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.metrics.RevocationOutcome;
import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the order of {@link UpstreamRevocations}: the cache first, then the identity
 * provider, then the cache again. A Kratos admin API of the test's own
 * ({@code authcache.kratos.admin-url}) runs a lookup while it is being asked to revoke
 * (after the cache dropped the session, before Kratos revoked it), which
 * deterministically leaves an active verdict fetched after the first mark; the second
 * mark must make it unusable. The beans are the auto-configuration's, on a real
 * redis-server.
 *
 * @author authcache authors
 */
@ExtendWith(RealServersExtension.class)
class UpstreamRevocationsTests {

	private final RedisServer redis;

	private final OryStub ory;

	private HttpServer admin;

	UpstreamRevocationsTests(RedisServer redis, OryStub ory) {
		this.redis = redis;
		this.ory = ory;
	}

	@BeforeEach
	void setUp() throws IOException {
		this.admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.admin.start();
	}

	@AfterEach
	void tearDown() {
		this.admin.stop(0);
	}

	@Test
	void revokeSessionWhenALookupReachesKratosBeforeItRevokesThenItsVerdictIsNotUsedAfterwards() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					AuthCacheResolverAutoConfiguration.class, AuthCacheAutoConfiguration.class))
			.withPropertyValues(CacheData.SECRET_PROPERTY, "spring.data.redis.client-type=jedis",
					"spring.data.redis.port=" + this.redis.port(),
					"authcache.kratos.base-url=" + this.ory.kratosPublicUrl(),
					"authcache.kratos.admin-url=http://127.0.0.1:" + this.admin.getAddress().getPort())
			.run((context) -> {
				CredentialCache cache = context.getBean(CredentialCache.class);
				KratosSessionSpec session = this.ory.registerSession();
				Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
				this.admin.createContext("/admin/sessions/", (exchange) -> {
					// In flight while Kratos is asked: Kratos still says active
					assertThat(cache.lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
					this.ory.revokeSession(session.sessionId());
					exchange.sendResponseHeaders(204, -1);
					exchange.close();
				});
				assertThat(context.getBean(UpstreamRevocations.class).revokeSession(session.sessionId()))
					.isEqualTo(new RevocationResult(RevocationOutcome.REVOKED, true));
				assertThat(cache.lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
			});
	}

}
