/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.security.SessionAuthentication;
import io.github.authcache.security.SessionPrincipal;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.test.redis.RedisTopology;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

import org.springframework.core.Ordered;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's caching and revocation behaviour through its auto-configured beans, on
 * standalone Redis, Sentinel and Cluster alike (G11). Every store call is recorded: a
 * cross-slot command (or any other Redis error) would make the cache fall back to the
 * upstream silently, so each test asserts that no store call failed as well as the
 * upstream call counts of a working cache.
 *
 * @author authcache authors
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RedisTopology.class)
class TopologyTests {

	private static final int RACE_THREADS = 8;

	private static final OryStub ory = OryStub.start();

	private static @Nullable RunningTopology redis;

	@Parameter
	private RedisTopology topology;

	@BeforeParameterizedClassInvocation
	static void startRedis(RedisTopology topology) {
		redis = RunningTopology.start(topology);
	}

	@AfterParameterizedClassInvocation
	static void stopRedis() {
		if (redis != null) {
			redis.close();
			redis = null;
		}
	}

	@AfterAll
	static void stopOry() {
		ory.close();
	}

	@BeforeEach
	void setUp() {
		redis().flushAll();
		ory.reset();
		ory.clearState();
		ory.resetCounters();
	}

	@Test
	void lookupWhenRepeatedThenOneUpstreamCall() {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			OAuth2TokenSpec token = ory.registerToken();
			Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
			Credential sessionToken = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			Credential accessToken = new Credential(CredentialType.ACCESS_TOKEN, token.token());
			for (int i = 0; i < 3; i++) {
				assertThat(starter.lookup(cookie)).isInstanceOfSatisfying(CacheLookup.Authenticated.class,
						(lookup) -> assertThat(lookup.identity().subject()).isEqualTo(session.identityId()));
				assertThat(starter.lookup(sessionToken)).isInstanceOf(CacheLookup.Authenticated.class);
				assertThat(starter.lookup(accessToken)).isInstanceOfSatisfying(CacheLookup.Authenticated.class,
						(lookup) -> assertThat(lookup.identity().subject()).isEqualTo(token.subject()));
			}
			assertThat(ory.whoamiCalls()).isEqualTo(2);
			assertThat(ory.introspectCalls()).isEqualTo(1);
			assertThat(redis().keys("authcache:session:*")).hasSize(2);
			assertThat(redis().keys("authcache:token:*")).hasSize(1);
		});
	}

	@Test
	void lookupThenTheTtlsRedisReportsFollowTheRules() {
		withStarter((starter) -> {
			KratosSessionSpec longSession = ory.registerSession();
			KratosSessionSpec shortSession = ory
				.registerSession(KratosSessionSpec.builder().expiresAt(Instant.now().plusSeconds(20)).build());
			OAuth2TokenSpec shortToken = ory
				.registerToken(OAuth2TokenSpec.builder().expiresAt(Instant.now().plusSeconds(30)).build());
			Credential longCredential = new Credential(CredentialType.SESSION_TOKEN, longSession.requiredToken());
			Credential shortCredential = new Credential(CredentialType.SESSION_TOKEN, shortSession.requiredToken());
			Credential tokenCredential = new Credential(CredentialType.ACCESS_TOKEN, shortToken.token());
			starter.lookup(longCredential);
			starter.lookup(shortCredential);
			starter.lookup(tokenCredential);
			String longKey = starter.entryKey(longCredential);
			assertThat(redis().pttl(longKey)).isBetween(53_000L, 60_000L);
			assertThat(redis().pttl(starter.entryKey(shortCredential))).isBetween(17_000L, 20_000L);
			assertThat(redis().pttl(starter.entryKey(tokenCredential))).isBetween(25_000L, 30_000L);
			String userKey = starter.keys().userKey(longSession.identityId());
			assertThat(redis().smembers(userKey)).containsExactly(longKey);
			assertThat(redis().pttl(userKey)).isGreaterThanOrEqualTo(redis().pttl(longKey));
			String sessionKey = starter.keys().sessionKey(longSession.sessionId());
			assertThat(redis().smembers(sessionKey)).containsExactly(longKey);
		});
	}

	@Test
	void lookupWhenInactiveThenCachedForTheNegativeTtlOnly() {
		withStarter((starter) -> {
			Credential unknown = new Credential(CredentialType.ACCESS_TOKEN, "ory_at_unknown.token");
			assertThat(starter.lookup(unknown)).isInstanceOf(CacheLookup.Rejected.class);
			assertThat(starter.lookup(unknown)).isInstanceOf(CacheLookup.Rejected.class);
			assertThat(ory.introspectCalls()).isEqualTo(1);
			assertThat(redis().pttl(starter.entryKey(unknown))).isBetween(4_000L, 5_000L);
			assertThat(redis().keys("authcache:user:*")).isEmpty();
		});
	}

	@Test
	void lookupThenNoKeyOrValueOnAnyNodeContainsTheRawCredential() {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			OAuth2TokenSpec token = ory.registerToken();
			List<String> secrets = List.of(session.cookieValue(), session.requiredToken(), token.token(),
					"ory_at_unknown.secret-value-for-the-scan");
			starter.lookup(new Credential(CredentialType.SESSION_COOKIE, session.cookieValue()));
			starter.lookup(new Credential(CredentialType.SESSION_TOKEN, session.requiredToken()));
			starter.lookup(new Credential(CredentialType.ACCESS_TOKEN, token.token()));
			starter.lookup(new Credential(CredentialType.ACCESS_TOKEN, secrets.get(3)));
			awaitReplicas();
			List<String> stored = redis().everythingStored();
			// 4 entries, 2 user tag sets, 1 session tag set: on masters and replicas
			assertThat(stored).as("keys and values on every node").hasSizeGreaterThanOrEqualTo(7);
			for (String secret : secrets) {
				assertThat(secret).hasSizeGreaterThan(20);
				assertThat(stored).noneMatch((value) -> value.contains(secret));
			}
		});
	}

	@Test
	void invalidateCredentialThenTheNextLookupAsksTheUpstream() {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			starter.lookup(token);
			starter.lookup(token);
			assertThat(ory.whoamiCalls()).isEqualTo(1);
			starter.invalidator().invalidateCredential(token);
			assertThat(redis().exists(starter.entryKey(token))).isFalse();
			String mark = starter.keys().credentialMarkKey(starter.entryKey(token));
			assertThat(redis().pttl(mark)).isBetween(61_000L, 62_000L);
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(ory.whoamiCalls()).isEqualTo(2);
		});
	}

	@Test
	void invalidateSessionThenTheCookieAndTheTokenOfTheSessionAreDropped() {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			KratosSessionSpec sibling = ory
				.registerSession(KratosSessionSpec.builder().identityId(session.identityId()).build());
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
			Credential siblingToken = new Credential(CredentialType.SESSION_TOKEN, sibling.requiredToken());
			List.of(token, cookie, siblingToken).forEach(starter::lookup);
			starter.invalidator().invalidateSession(session.sessionId());
			assertThat(redis().exists(starter.entryKey(token))).isFalse();
			assertThat(redis().exists(starter.entryKey(cookie))).isFalse();
			assertThat(redis().exists(starter.entryKey(siblingToken))).isTrue();
			assertThat(redis().exists(starter.keys().sessionKey(session.sessionId()))).isFalse();
			ory.resetCounters();
			List.of(token, cookie, siblingToken).forEach(starter::lookup);
			assertThat(ory.whoamiCalls()).isEqualTo(2);
		});
	}

	@Test
	void invalidateUserThenEveryCredentialOfTheUserIsDropped() {
		withStarter((starter) -> {
			KratosSessionSpec first = ory.registerSession();
			KratosSessionSpec second = ory
				.registerSession(KratosSessionSpec.builder().identityId(first.identityId()).build());
			KratosSessionSpec other = ory.registerSession();
			List<Credential> userCredentials = List.of(
					new Credential(CredentialType.SESSION_COOKIE, first.cookieValue()),
					new Credential(CredentialType.SESSION_TOKEN, first.requiredToken()),
					new Credential(CredentialType.SESSION_TOKEN, second.requiredToken()));
			Credential otherCredential = new Credential(CredentialType.SESSION_TOKEN, other.requiredToken());
			userCredentials.forEach(starter::lookup);
			starter.lookup(otherCredential);
			String userKey = starter.keys().userKey(first.identityId());
			assertThat(redis().smembers(userKey)).hasSize(3);
			starter.invalidator().invalidateUser(first.identityId());
			assertThat(redis().exists(userKey)).isFalse();
			assertThat(redis().keys("authcache:session:*")).containsExactly(starter.entryKey(otherCredential));
			ory.resetCounters();
			userCredentials.forEach(starter::lookup);
			starter.lookup(otherCredential);
			assertThat(ory.whoamiCalls()).isEqualTo(3);
		});
	}

	@Test
	void invalidateUserWhenTagSetWasDeletedThenRevokeAllStillHolds() {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
			starter.lookup(token);
			starter.lookup(cookie);
			redis().delete(starter.keys().userKey(session.identityId()));
			ory.revokeSession(session.sessionId());
			starter.invalidator().invalidateUser(session.identityId());
			assertThat(redis().keys("authcache:session:*")).as("entries the starter could not find").hasSize(2);
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Rejected.class);
			assertThat(starter.lookup(cookie)).isInstanceOf(CacheLookup.Rejected.class);
		});
	}

	@Test
	void invalidateUserWhenTagSetWasDeletedAndUpstreamStillAcceptsThenCachingResumes() {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			starter.lookup(token);
			redis().delete(starter.keys().userKey(session.identityId()));
			starter.invalidator().invalidateUser(session.identityId());
			for (int i = 0; i < 3; i++) {
				assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			}
			assertThat(ory.whoamiCalls()).isEqualTo(2);
		});
	}

	@Test
	void revokeJtiThenRejectedOnEveryRequestUntilExpiry() {
		Instant exp = Instant.now().plusSeconds(30);
		JwtResolver jwt = new JwtResolver(exp);
		Starter.runner(redis(), ory)
			.withBean("jwtResolver", IdentityResolver.class, () -> jwt)
			.run((context) -> check(new Starter(context), (starter) -> {
				Credential token = new Credential(CredentialType.ACCESS_TOKEN, "eyJhbGciOi.eyJqdGkiOiJqdGktMSJ9.sig");
				assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
				assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
				assertThat(jwt.calls.get()).isEqualTo(1);
				starter.invalidator().revokeJti("https://issuer.example", "jti-1", exp);
				assertThat(starter.lookup(token)).isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
				Credential reencoded = new Credential(CredentialType.ACCESS_TOKEN,
						"eyJhbGciOi.eyJqdGkiOiJqdGktMSJ9.sig2");
				assertThat(starter.lookup(reencoded)).isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
				String mark = starter.keys().jtiMarkKey("https://issuer.example", "jti-1");
				assertThat(redis().pttl(mark)).isBetween(28_000L, 30_000L);
				assertThat(jwt.calls.get()).isEqualTo(2);
				assertThat(ory.introspectCalls()).isZero();
			}));
	}

	@Test
	void logoutThenTheSessionIsRevokedAtKratosAndDroppedFromTheCache() {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			CacheLookup.Authenticated current = (CacheLookup.Authenticated) starter.lookup(token);
			starter.lookup(cookie);
			logout(starter, token, current);
			assertThat(ory.session(session.sessionId()).orElseThrow().active()).as("revoked at Kratos").isFalse();
			assertThat(redis().exists(starter.entryKey(token))).isFalse();
			assertThat(starter.lookup(token)).isInstanceOf(CacheLookup.Rejected.class);
			assertThat(starter.lookup(cookie)).isInstanceOf(CacheLookup.Rejected.class);
		});
	}

	@RepeatedTest(3)
	void invalidateUserWhileLookupsAreInFlightThenNothingIsAuthenticatedAfterwards() throws Exception {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
			race(starter, List.of(token, cookie), () -> {
				ory.revokeSession(session.sessionId());
				starter.invalidator().invalidateUser(session.identityId());
			});
		});
	}

	@RepeatedTest(3)
	void invalidateCredentialWhileLookupsAreInFlightThenNothingIsAuthenticatedAfterwards() throws Exception {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			race(starter, List.of(token), () -> {
				ory.revokeSession(session.sessionId());
				starter.invalidator().invalidateCredential(token);
			});
		});
	}

	@RepeatedTest(3)
	void logoutWhileLookupsAreInFlightThenNothingIsAuthenticatedAfterwards() throws Exception {
		withStarter((starter) -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			CacheLookup.Authenticated current = (CacheLookup.Authenticated) starter.lookup(token);
			race(starter, List.of(token), () -> logout(starter, token, current));
			assertThat(ory.session(session.sessionId()).orElseThrow().active()).as("revoked at Kratos").isFalse();
		});
	}

	private void logout(Starter starter, Credential token, CacheLookup.Authenticated current) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/logout");
		request.addHeader("X-Session-Token", token.value());
		starter.logoutHandler()
			.logout(request, new MockHttpServletResponse(),
					new SessionAuthentication(new SessionPrincipal(current.identity()), List.of()));
	}

	/**
	 * Run lookups of the credentials on many threads through a slow upstream, revoke in
	 * the middle, and check no lookup that started after the revocation returned
	 * authenticated.
	 */
	private void race(Starter starter, List<Credential> credentials, Runnable revoke) throws Exception {
		ory.latency(Duration.ofMillis(50));
		for (Credential credential : credentials) {
			assertThat(authenticated(starter, credential, null)).as("authenticated before the race").isTrue();
		}
		redis().keys("authcache:session:*").forEach(redis()::delete);
		ConcurrentLinkedQueue<RaceResult> results = new ConcurrentLinkedQueue<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService executor = Executors.newFixedThreadPool(RACE_THREADS);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int i = 0; i < RACE_THREADS; i++) {
				Credential credential = credentials.get(i % credentials.size());
				// Half the threads demand a fresh answer, so upstream lookups are always
				// in flight
				Duration maxAge = (i % 2 == 0) ? null : Duration.ZERO;
				workers.add(executor.submit(() -> {
					while (running.get()) {
						long start = System.nanoTime();
						results.add(new RaceResult(start, authenticated(starter, credential, maxAge)));
					}
				}));
			}
			Thread.sleep(150);
			revoke.run();
			long revoked = System.nanoTime();
			long deadline = revoked + TimeUnit.SECONDS.toNanos(5);
			Thread.sleep(250);
			while (results.stream().filter((result) -> result.start() > revoked).count() < 4 * RACE_THREADS
					&& System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			running.set(false);
			for (Future<?> worker : workers) {
				worker.get(5, TimeUnit.SECONDS);
			}
			List<RaceResult> after = results.stream().filter((result) -> result.start() > revoked).toList();
			List<RaceResult> before = results.stream().filter((result) -> result.start() < revoked).toList();
			assertThat(before).as("lookups before the revocation").isNotEmpty();
			assertThat(after).as("lookups after the revocation").isNotEmpty().noneMatch(RaceResult::authenticated);
		}
		finally {
			running.set(false);
			executor.shutdownNow();
		}
	}

	private static boolean authenticated(Starter starter, Credential credential, @Nullable Duration maxAge) {
		try {
			return starter.cache().lookup(credential, maxAge) instanceof CacheLookup.Authenticated;
		}
		catch (UpstreamUnavailableException ex) {
			return false;
		}
	}

	private void withStarter(ThrowingConsumer<Starter> test) {
		Starter.runner(redis(), ory).run((context) -> check(new Starter(context), test));
	}

	/**
	 * Run a test on the starter, then check the store never failed: a failed call (a
	 * {@code CROSSSLOT} error, a {@code MOVED} the client did not follow, a timeout)
	 * would have sent lookups to the upstream without the test noticing otherwise.
	 */
	private void check(Starter starter, ThrowingConsumer<Starter> test) throws Exception {
		test.accept(starter);
		assertThat(starter.recorder().failures()).as("failed store calls on %s", this.topology).isEmpty();
		assertThat(starter.recorder().calls()).as("store calls").isPositive();
	}

	/**
	 * Wait until every replica has caught up with its master, so a scan of the replicas
	 * sees what the masters hold.
	 */
	private static void awaitReplicas() {
		for (RedisServer master : redis().masters()) {
			try (Jedis jedis = master.jedis()) {
				long replicas = Long.parseLong(master.infoField("replication", "connected_slaves"));
				if (replicas > 0) {
					jedis.waitReplicas((int) replicas, 5_000);
				}
			}
		}
	}

	private static RunningTopology redis() {
		RunningTopology running = redis;
		assertThat(running).as("the Redis deployment").isNotNull();
		return running;
	}

	@FunctionalInterface
	interface ThrowingConsumer<T> {

		void accept(T value) throws Exception;

	}

	private record RaceResult(long start, boolean authenticated) {

	}

	/**
	 * A resolver for JWT access tokens, as an application would add one: every token is
	 * the same JWT (one {@code jti}) and the resolver counts its calls.
	 */
	static final class JwtResolver implements IdentityResolver, Ordered {

		private final AtomicInteger calls = new AtomicInteger();

		private final Instant expiresAt;

		JwtResolver(Instant expiresAt) {
			this.expiresAt = expiresAt;
		}

		@Override
		public boolean supports(CredentialType type) {
			return type == CredentialType.ACCESS_TOKEN;
		}

		@Override
		public Resolution resolve(Credential credential) {
			this.calls.incrementAndGet();
			return new Resolution.Active(new Identity("user-1", null, "jti-1", this.expiresAt, List.of(),
					Map.of("iss", "https://issuer.example", "token_type", "Bearer")));
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
