/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.RevocationPendingException;
import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.AuthCacheContexts;
import io.github.authcache.testing.JwtIssuer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that revocations Redis did not take survive the application's shutdown: a JWT
 * blacklisted while Redis was unreachable is refused by the next application on the same
 * Redis, or the shutdown says how many revocations are lost. The periodic writer never
 * runs within these tests (an application {@link TaskScheduler} that defers everything by
 * a day), so only the shutdown writes.
 *
 * @author authcache authors
 */
@ExtendWith({ RealServersExtension.class, OutputCaptureExtension.class })
class PendingRevocationShutdownTests {

	private static final CacheLookup REVOKED = new CacheLookup.Rejected("The token has been revoked");

	private static final JwtIssuer hydra = new JwtIssuer();

	private final ThreadPoolTaskScheduler applicationThreads = new ThreadPoolTaskScheduler();

	private final RedisServer redis;

	private final ApplicationContextRunner runner;

	PendingRevocationShutdownTests(RedisServer redis, OryStub ory) {
		this.redis = redis;
		this.runner = AuthCacheContexts.withJwt(redis, ory, hydra);
	}

	@BeforeEach
	void startApplicationThreads() {
		this.applicationThreads.initialize();
	}

	@AfterEach
	void stopApplicationThreads() {
		this.applicationThreads.shutdown();
	}

	@AfterAll
	static void stopIssuer() {
		hydra.close();
	}

	@Test
	void jwtRevokedWhileRedisWasDownIsRefusedAfterARestart() {
		assertRevocationOutlivesTheApplication(this.runner);
	}

	@Test
	void jwtRevokedWhileRedisWasDownIsRefusedAfterARestartOnTheApplicationsConnectionFactory() {
		// A connection factory bean stops with the context (SmartLifecycle), where
		// authcache's own client closes only when its beans are destroyed
		assertRevocationOutlivesTheApplication(this.runner.withUserConfiguration(ApplicationConnectionFactory.class));
	}

	private void assertRevocationOutlivesTheApplication(ApplicationContextRunner closing) {
		Instant exp = Instant.now().plusSeconds(120);
		String jti = UUID.randomUUID().toString();
		Credential token = token(jti, exp);
		closing.withBean(TaskScheduler.class, this::idleScheduler).run((context) -> {
			assertThat(lookup(context, token)).isInstanceOf(CacheLookup.Authenticated.class);
			revokeWhileRedisIsDown(context, jti, exp);
			this.redis.start();
			context.close();
		});
		this.runner.run((context) -> assertThat(lookup(context, token)).isEqualTo(REVOKED));
		try (Jedis jedis = this.redis.jedis()) {
			String markKey = new CacheKeys("authcache:", null).jtiMarkKey(hydra.issuer(), jti);
			assertThat(jedis.pttl(markKey)).as("the mark lasts until the token expires").isBetween(60_000L, 120_000L);
		}
	}

	@Test
	void marksLostAtShutdownAreCountedInOneWarning(CapturedOutput output) {
		Instant exp = Instant.now().plusSeconds(120);
		this.runner.withBean(TaskScheduler.class, this::idleScheduler).run((context) -> {
			revokeWhileRedisIsDown(context, "jti-1", exp);
			revokeWhileRedisIsDown(context, "jti-2", exp);
			assertThat(CompletableFuture.runAsync(context::close)).as("close returns although Redis is down")
				.succeedsWithin(Duration.ofSeconds(60));
			assertThat(output.getOut().split("Revocation marks lost at shutdown", -1))
				.as("one warning for all the marks")
				.hasSize(2);
			assertThat(output).contains("Revocation marks lost at shutdown: 2 ");
		});
	}

	/**
	 * Revoke a JWT id while Redis is down, after requests have opened the store's
	 * circuit, as traffic during an outage does.
	 */
	private void revokeWhileRedisIsDown(AssertableApplicationContext context, String jti, Instant exp) {
		this.redis.kill();
		CircuitBreaker circuit = context.getBean(StoreCircuitBreakers.class).revocation();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (circuit.getState() != CircuitBreaker.State.OPEN) {
			assertThat(System.nanoTime()).as("the circuit opens").isLessThan(deadline);
			lookup(context, token(UUID.randomUUID().toString(), exp));
		}
		assertThatExceptionOfType(RevocationPendingException.class)
			.isThrownBy(() -> context.getBean(AuthCacheInvalidator.class).revokeJti(hydra.issuer(), jti, exp));
	}

	private TaskScheduler idleScheduler() {
		return new RecordingTaskScheduler(this.applicationThreads, false);
	}

	private static CacheLookup lookup(AssertableApplicationContext context, Credential token) {
		return context.getBean(CredentialCache.class).lookup(token, null);
	}

	private static Credential token(String jti, Instant exp) {
		return new Credential(CredentialType.ACCESS_TOKEN, hydra.sign((claims) -> {
			claims.put("sub", "user-1");
			claims.put("jti", jti);
			claims.put("exp", exp);
		}));
	}

	/**
	 * The application's connection factory, qualified for authcache.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationConnectionFactory {

		@Bean
		@AuthCacheRedisConnectionFactory
		JedisConnectionFactory authCacheConnectionFactory(@Value("${spring.data.redis.host}") String host,
				@Value("${spring.data.redis.port}") int port) {
			return new JedisConnectionFactory(new RedisStandaloneConfiguration(host, port));
		}

	}

}
