/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.credential.OryCredentialExtractor;
import io.github.authcache.invalidation.redis.AuthCacheInstance;
import io.github.authcache.security.AuthCacheLogoutHandler;
import io.github.authcache.security.SessionAuthentication;
import io.github.authcache.security.SessionPrincipal;
import io.github.authcache.test.ory.AnswerHold;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheData;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation with lookups in flight across it. Two application instances share one real
 * {@code redis-server}, with and without their near caches (and the pub/sub subscriber
 * the auto-configuration wires with them). Each credential is cached on both; then every
 * instance starts a lookup that demands a fresh answer, and the Ory stub holds those
 * answers <em>after</em> it read the state: they say "active". The first instance revokes
 * (at the upstream and in the cache) and the held answers go. Once the invalidation
 * returned (and, with near caches, the other instance applied its broadcast), nothing may
 * authenticate:
 * <ul>
 * <li>not the lookups that were in flight: their answers predate the revocation (the
 * check of a fetched answer);</li>
 * <li>not a lookup that starts afterwards and finds the entry such a lookup wrote back to
 * Redis after the invalidation deleted it, or the entry the revoking instance still holds
 * in its near cache (the check of an entry on use).</li>
 * </ul>
 * The lookups asked again are held as well, so that the stale entry stays in Redis until
 * every later lookup has read it.
 *
 * @author authcache authors
 */
class RevocationRaceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private static final List<AuthCacheInstance> plain = new ArrayList<>();

	private static final List<AuthCacheInstance> near = new ArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private Jedis jedis;

	@BeforeAll
	static void startInstances() {
		for (int i = 0; i < 2; i++) {
			plain.add(AuthCacheInstance.start(properties("authcache.near-cache.enabled=false")));
			near.add(AuthCacheInstance.start(properties("authcache.near-cache.ttl=30s")));
		}
		Awaitility.await("near caches subscribed")
			.atMost(TIMEOUT)
			.until(() -> near.stream().allMatch((instance) -> instance.subscriber().isSubscribed()));
	}

	private static String[] properties(String more) {
		return new String[] { "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
				"authcache.kratos.base-url=" + ory.kratosPublicUrl(),
				"authcache.kratos.admin-url=" + ory.kratosAdminUrl(),
				"authcache.introspection.uri=" + ory.introspectionUri(),
				"authcache.introspection.revocation-uri=" + ory.revocationUri(),
				"authcache.upstream.read-timeout=" + TIMEOUT.toSeconds() + "s", more };
	}

	@AfterAll
	static void stopAll() {
		plain.forEach(AuthCacheInstance::close);
		near.forEach(AuthCacheInstance::close);
		ory.close();
		redis.close();
	}

	@BeforeEach
	void setUp() {
		this.jedis = redis.jedis();
		CacheData.clear(this.jedis);
		near.forEach((instance) -> instance.nearCache().clear());
		ory.reset();
		ory.clearState();
	}

	@AfterEach
	void tearDown() {
		ory.reset();
		this.executor.shutdownNow();
		this.jedis.close();
	}

	@ParameterizedTest
	@EnumSource
	void invalidateCredentialWhileLookupsAreInFlight(Deployment deployment) throws Exception {
		KratosSessionSpec session = ory.registerSession();
		Credential token = sessionToken(session);
		race(deployment, List.of(token), (revoking) -> {
			ory.revokeSession(session.sessionId());
			revoking.invalidator().invalidateCredential(token);
		});
	}

	@ParameterizedTest
	@EnumSource
	void invalidateSessionWhileLookupsAreInFlight(Deployment deployment) throws Exception {
		KratosSessionSpec session = ory.registerSession();
		race(deployment, List.of(sessionToken(session), sessionCookie(session)), (revoking) -> {
			ory.revokeSession(session.sessionId());
			revoking.invalidator().invalidateSession(session.sessionId());
		});
	}

	@ParameterizedTest
	@EnumSource
	void invalidateUserWhileLookupsAreInFlight(Deployment deployment) throws Exception {
		KratosSessionSpec session = ory.registerSession();
		race(deployment, List.of(sessionToken(session), sessionCookie(session)), (revoking) -> {
			ory.revokeSession(session.sessionId());
			revoking.invalidator().invalidateUser(session.identityId());
		});
	}

	@ParameterizedTest
	@EnumSource
	void revokeJtiWhileLookupsAreInFlight(Deployment deployment) throws Exception {
		OAuth2TokenSpec spec = ory.registerToken(OAuth2TokenSpec.builder().jti("jti-" + System.nanoTime()).build());
		Credential token = new Credential(CredentialType.ACCESS_TOKEN, spec.token());
		race(deployment, List.of(token), (revoking) -> {
			ory.revokeToken(spec.token());
			revoking.invalidator().revokeJti(ory.baseUrl() + "/", spec.jti(), spec.expiresAt());
		});
	}

	@ParameterizedTest
	@EnumSource
	void logoutWhileLookupsAreInFlight(Deployment deployment) throws Exception {
		KratosSessionSpec session = ory.registerSession();
		Credential token = sessionToken(session);
		AuthCacheInstance revoking = deployment.instances().get(0);
		CacheLookup.Authenticated current = (CacheLookup.Authenticated) revoking.cache().lookup(token, null);
		AuthCacheLogoutHandler logoutHandler = new AuthCacheLogoutHandler(
				new OryCredentialExtractor(EnumSet.allOf(CredentialType.class)), revoking.invalidator(),
				revoking.upstreamRevocations());
		race(deployment, List.of(token), (instance) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/logout");
			request.addHeader("X-Session-Token", token.value());
			logoutHandler.logout(request, new MockHttpServletResponse(),
					new SessionAuthentication(new SessionPrincipal(current.identity()), List.of()));
		});
		assertThat(ory.session(session.sessionId()).orElseThrow().active()).as("revoked at Kratos").isFalse();
	}

	/**
	 * Cache the credentials on every instance, put a lookup of each in flight on every
	 * instance, revoke on the first instance while the upstream holds their "active"
	 * answers, let them go, and start later lookups once the stale answers are written
	 * back.
	 */
	private void race(Deployment deployment, List<Credential> credentials, Consumer<AuthCacheInstance> revoke)
			throws Exception {
		List<AuthCacheInstance> instances = deployment.instances();
		for (AuthCacheInstance instance : instances) {
			for (Credential credential : credentials) {
				assertThat(instance.authenticates(credential)).as("authenticated before the race").isTrue();
			}
		}
		int lookups = instances.size() * credentials.size();
		List<CompletableFuture<Boolean>> inFlight;
		List<CompletableFuture<Boolean>> later;
		int retried;
		try (AnswerHold hold = ory.holdAnswersAfterRead()) {
			inFlight = lookUp(instances, credentials, Duration.ZERO);
			assertThat(hold.awaitReads(lookups, TIMEOUT)).as("lookups in flight, holding 'active'").isTrue();
			deployment.revoke(revoke);
			hold.release();
			retried = awaitSettled(hold, inFlight, lookups);
			for (Credential credential : credentials) {
				assertThat(this.jedis.exists(instances.get(0).entryKey(credential)))
					.as("the in-flight answer was written back after the invalidation")
					.isTrue();
			}
			later = lookUp(instances, credentials, null);
			awaitSettled(hold, later, lookups + retried);
		}
		assertThat(results(inFlight)).as("lookups in flight across the revocation").containsOnly(false);
		assertThat(results(later)).as("lookups started after the revocation").containsOnly(false);
		for (AuthCacheInstance instance : instances) {
			for (Credential credential : credentials) {
				assertThat(authenticated(instance.cache(), credential, null)).as("authenticated afterwards").isFalse();
			}
		}
	}

	private List<CompletableFuture<Boolean>> lookUp(List<AuthCacheInstance> instances, List<Credential> credentials,
			@Nullable Duration maxAge) {
		List<CompletableFuture<Boolean>> lookups = new ArrayList<>();
		for (AuthCacheInstance instance : instances) {
			for (Credential credential : credentials) {
				lookups.add(CompletableFuture.supplyAsync(() -> authenticated(instance.cache(), credential, maxAge),
						this.executor));
			}
		}
		return lookups;
	}

	/**
	 * Wait until every lookup has either returned or is held asking the upstream (again),
	 * counting the answers held from the given number of reads on.
	 * @return the number of lookups held
	 */
	private static int awaitSettled(AnswerHold hold, List<CompletableFuture<Boolean>> lookups, int readsBefore)
			throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			int held = hold.reads() - readsBefore;
			long returned = lookups.stream().filter(CompletableFuture::isDone).count();
			if (held + returned >= lookups.size()) {
				return held;
			}
			assertThat(System.nanoTime()).as("lookups settled").isLessThan(deadline);
			hold.awaitReads(hold.reads() + 1, Duration.ofMillis(10));
		}
	}

	private static List<Boolean> results(List<CompletableFuture<Boolean>> lookups) throws Exception {
		List<Boolean> results = new ArrayList<>();
		for (CompletableFuture<Boolean> lookup : lookups) {
			results.add(lookup.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		}
		return results;
	}

	/**
	 * Look up; an upstream failure is an error here, never a rejection that could hide a
	 * stale answer.
	 */
	private static boolean authenticated(CredentialCache cache, Credential credential, @Nullable Duration maxAge) {
		return cache.lookup(credential, maxAge) instanceof CacheLookup.Authenticated;
	}

	private static Credential sessionToken(KratosSessionSpec session) {
		return new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
	}

	private static Credential sessionCookie(KratosSessionSpec session) {
		return new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
	}

	/**
	 * The instances a race runs on; the first one revokes.
	 */
	enum Deployment {

		/**
		 * Two instances reading Redis on every lookup.
		 */
		TWO_INSTANCES {

			@Override
			List<AuthCacheInstance> instances() {
				return plain;
			}

		},

		/**
		 * Two instances with near caches, kept consistent by pub/sub.
		 */
		TWO_INSTANCES_WITH_NEAR_CACHES {

			@Override
			List<AuthCacheInstance> instances() {
				return near;
			}

			@Override
			void revoke(Consumer<AuthCacheInstance> revoke) {
				AuthCacheInstance revoking = near.get(0);
				AuthCacheInstance other = near.get(1);
				long published = revoking.invalidationsPublished();
				long received = other.subscriber().getReceived();
				revoke.accept(revoking);
				long expected = received + revoking.invalidationsPublished() - published;
				Awaitility.await("the broadcasts applied")
					.atMost(TIMEOUT)
					.pollInterval(Duration.ofMillis(1))
					.until(() -> other.subscriber().getReceived() >= expected);
			}

		};

		abstract List<AuthCacheInstance> instances();

		/**
		 * Revoke on the first instance; return once the revocation holds everywhere.
		 */
		void revoke(Consumer<AuthCacheInstance> revoke) {
			revoke.accept(instances().get(0));
		}

	}

}
