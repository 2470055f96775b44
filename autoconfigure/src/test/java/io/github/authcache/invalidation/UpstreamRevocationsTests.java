/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.metrics.RevocationOutcome;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.kratos.KratosAdminClient;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the order of {@link UpstreamRevocations}: the cache first, then the identity
 * provider, then the cache again. A Kratos admin API of the test's own runs a lookup
 * while it is being asked to revoke (after the cache dropped the session, before Kratos
 * revoked it), which deterministically leaves an active verdict fetched after the first
 * mark; the second mark must make it unusable.
 *
 * @author authcache authors
 */
class UpstreamRevocationsTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private CacheFixture fixture;

	private HttpServer admin;

	@BeforeEach
	void setUp() throws IOException {
		try (Jedis jedis = redis.jedis()) {
			jedis.flushAll();
		}
		this.fixture = new CacheFixture(redis, ory);
		this.admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.admin.start();
	}

	@AfterEach
	void tearDown() {
		this.admin.stop(0);
		this.fixture.close();
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void revokeSessionWhenALookupReachesKratosBeforeItRevokesThenItsVerdictIsNotUsedAfterwards() {
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.admin.createContext("/admin/sessions/", (exchange) -> {
			// In flight while Kratos is asked: Kratos still says active
			assertThat(this.fixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
			ory.revokeSession(session.sessionId());
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		UpstreamRevocations revocations = new UpstreamRevocations(this.fixture.invalidator());
		revocations
			.setKratosAdmin(new KratosAdminClient(URI.create("http://127.0.0.1:" + this.admin.getAddress().getPort()),
					new UpstreamHttpClient(Duration.ofSeconds(2), Duration.ofSeconds(2))));
		assertThat(revocations.revokeSession(session.sessionId()))
			.isEqualTo(new RevocationResult(RevocationOutcome.REVOKED, true));
		assertThat(this.fixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Rejected.class);
	}

}
