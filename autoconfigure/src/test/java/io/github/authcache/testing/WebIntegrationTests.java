/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.Jedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * Base of the {@code @SpringBootTest}s that exercise the starter through HTTP: one real
 * {@code redis-server} and one Ory stub for all of them (stopped when the JVM exits), the
 * starter pointed at both, and a {@link MockMvc} with the security filter chain. Each
 * test starts with an empty cache and a stub without sessions, tokens or faults.
 *
 * @author authcache authors
 */
public abstract class WebIntegrationTests {

	protected static final RedisServer redis = RedisServer.startDefault();

	protected static final OryStub ory = OryStub.start();

	@Autowired
	private WebApplicationContext context;

	protected MockMvc mvc;

	protected Jedis jedis;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("authcache.kratos.base-url", ory::kratosPublicUrl);
		registry.add("authcache.introspection.uri", ory::introspectionUri);
		// Generous: the stub answers in milliseconds, but a loaded CI machine can stall a
		// cold first call past half a second, and a 503 there fails a test for nothing
		registry.add("authcache.upstream.read-timeout", () -> "5s");
	}

	@BeforeEach
	void resetServers() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		if (this.jedis == null) {
			this.jedis = redis.jedis();
		}
		CacheData.clear(this.jedis);
		ory.reset();
		ory.clearState();
		ory.resetCounters();
	}

}
