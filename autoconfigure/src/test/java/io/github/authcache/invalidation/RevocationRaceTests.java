/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.credential.OryCredentialExtractor;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.security.AuthCacheLogoutHandler;
import io.github.authcache.security.SessionAuthentication;
import io.github.authcache.security.SessionPrincipal;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheFixture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import redis.clients.jedis.Jedis;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation under concurrency: many threads authenticate as one user through a slow
 * upstream (50 ms, so lookups are in flight) while the upstream revokes the session and
 * the application invalidates. Once the invalidation returns, no request that starts
 * afterwards may be authenticated: not from a cached entry, not from a lookup that was in
 * flight and writes back, not from a waiter on such a lookup.
 *
 * @author authcache authors
 */
class RevocationRaceTests {

	private static final int THREADS = 8;

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private CacheFixture fixture;

	private Jedis jedis;

	@BeforeEach
	void setUp() {
		this.jedis = redis.jedis();
		this.jedis.flushAll();
		ory.reset();
		ory.clearState();
		ory.latency(Duration.ofMillis(50));
		this.fixture = new CacheFixture(redis, ory);
	}

	@AfterEach
	void tearDown() {
		this.fixture.close();
		this.jedis.close();
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@RepeatedTest(10)
	void invalidateUserWhileLookupsAreInFlightThenNothingIsAuthenticatedAfterwards() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
		race(List.of(token, cookie), (fixture) -> {
			ory.revokeSession(session.sessionId());
			fixture.invalidator().invalidateUser(session.identityId());
		});
	}

	@RepeatedTest(10)
	void invalidateCredentialWhileLookupsAreInFlightThenNothingIsAuthenticatedAfterwards() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		race(List.of(token), (fixture) -> {
			ory.revokeSession(session.sessionId());
			fixture.invalidator().invalidateCredential(token);
		});
	}

	@RepeatedTest(10)
	void logoutWhileLookupsAreInFlightThenNothingIsAuthenticatedAfterwards() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		AuthCacheLogoutHandler logoutHandler = new AuthCacheLogoutHandler(
				new OryCredentialExtractor(EnumSet.allOf(CredentialType.class)), this.fixture.invalidator(),
				this.fixture.upstreamRevocations());
		CacheLookup.Authenticated current = (CacheLookup.Authenticated) this.fixture.cache().lookup(token, null);
		race(List.of(token), (fixture) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/logout");
			request.addHeader("X-Session-Token", token.value());
			logoutHandler.logout(request, new MockHttpServletResponse(),
					new SessionAuthentication(new SessionPrincipal(current.identity()), List.of()));
		});
		assertThat(ory.session(session.sessionId()).orElseThrow().active()).as("revoked at Kratos").isFalse();
	}

	/**
	 * Run lookups of the credentials on many threads, revoke in the middle, and check
	 * every lookup that started after the revocation returned.
	 */
	private void race(List<Credential> credentials, Consumer<CacheFixture> revoke) throws Exception {
		for (Credential credential : credentials) {
			assertThat(authenticated(credential, null)).as("authenticated before the race").isTrue();
		}
		this.jedis.del(this.jedis.keys("authcache:session:*").toArray(String[]::new));
		ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				Credential credential = credentials.get(i % credentials.size());
				// Half the threads demand a fresh answer, so upstream lookups are always
				// in flight
				Duration maxAge = (i % 2 == 0) ? null : Duration.ZERO;
				workers.add(executor.submit(() -> {
					while (running.get()) {
						long start = System.nanoTime();
						results.add(new Result(start, authenticated(credential, maxAge)));
					}
				}));
			}
			Thread.sleep(150);
			revoke.accept(this.fixture);
			long revoked = System.nanoTime();
			long deadline = revoked + TimeUnit.SECONDS.toNanos(5);
			Thread.sleep(250);
			while (countStartedAfter(results, revoked) < 4 * THREADS && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			running.set(false);
			for (Future<?> worker : workers) {
				worker.get(5, TimeUnit.SECONDS);
			}
			List<Result> after = results.stream().filter((result) -> result.start() > revoked).toList();
			List<Result> before = results.stream().filter((result) -> result.start() < revoked).toList();
			assertThat(before).as("lookups before the revocation").isNotEmpty();
			assertThat(after).as("lookups after the revocation").isNotEmpty().noneMatch(Result::authenticated);
		}
		finally {
			running.set(false);
			executor.shutdownNow();
		}
	}

	private static long countStartedAfter(ConcurrentLinkedQueue<Result> results, long instant) {
		return results.stream().filter((result) -> result.start() > instant).count();
	}

	private boolean authenticated(Credential credential, @Nullable Duration maxAge) {
		try {
			return this.fixture.cache().lookup(credential, maxAge) instanceof CacheLookup.Authenticated;
		}
		catch (UpstreamUnavailableException ex) {
			return false;
		}
	}

	private record Result(long start, boolean authenticated) {

	}

}
