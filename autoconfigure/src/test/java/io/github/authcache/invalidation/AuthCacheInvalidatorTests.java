/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.Invalidation;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.AuthCacheContexts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import redis.clients.jedis.Jedis;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AuthCacheInvalidator} and {@link UpstreamRevocations} against a real
 * {@code redis-server} and the Ory stub, as the auto-configuration wires them.
 *
 * @author authcache authors
 */
class AuthCacheInvalidatorTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private final ApplicationContextRunner runner = AuthCacheContexts.on(redis, ory);

	private @Nullable CredentialCache cache;

	private @Nullable AuthCacheInvalidator invalidator;

	private @Nullable UpstreamRevocations upstreamRevocations;

	private Jedis jedis;

	private final List<Invalidation> events = new ArrayList<>();

	private final List<Invalidation> broadcasts = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.jedis = redis.jedis();
		this.jedis.flushAll();
		ory.reset();
		ory.clearState();
		ory.resetCounters();
	}

	@AfterEach
	void tearDown() {
		this.jedis.close();
	}

	@AfterAll
	static void stopServers() {
		ory.close();
		redis.close();
	}

	@Test
	void invalidateCredentialThenNextLookupAsksTheUpstreamAndEveryoneIsTold() {
		run(() -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			lookup(token);
			lookup(token);
			assertThat(ory.whoamiCalls()).isEqualTo(1);
			this.invalidator.invalidateCredential(token);
			assertThat(this.jedis.keys("authcache:session:*")).isEmpty();
			assertThat(this.jedis.keys("authcache:revoked:session:*")).singleElement()
				.satisfies((mark) -> assertThat(this.jedis.pttl(mark)).isBetween(61_000L, 62_000L));
			assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(ory.whoamiCalls()).isEqualTo(2);
			assertThat(this.events).singleElement()
				.satisfies((event) -> assertThat(event.type()).isEqualTo(Invalidation.Type.CREDENTIAL));
			assertThat(this.broadcasts).isEqualTo(this.events);
			assertThat(this.events.get(0).target()).doesNotContain(session.requiredToken());
		});
	}

	@Test
	void invalidateUserThenEveryCredentialOfTheUserIsDropped() {
		run(() -> {
			KratosSessionSpec first = ory.registerSession();
			KratosSessionSpec second = ory
				.registerSession(KratosSessionSpec.builder().identityId(first.identityId()).build());
			KratosSessionSpec other = ory.registerSession();
			List<Credential> userCredentials = List.of(
					new Credential(CredentialType.SESSION_COOKIE, first.cookieValue()),
					new Credential(CredentialType.SESSION_TOKEN, first.requiredToken()),
					new Credential(CredentialType.SESSION_TOKEN, second.requiredToken()));
			Credential otherCredential = new Credential(CredentialType.SESSION_TOKEN, other.requiredToken());
			userCredentials.forEach(this::lookup);
			lookup(otherCredential);
			assertThat(this.jedis.smembers("authcache:user:" + first.identityId())).hasSize(3);
			this.invalidator.invalidateUser(first.identityId());
			assertThat(this.jedis.exists("authcache:user:" + first.identityId())).isFalse();
			assertThat(this.jedis.keys("authcache:session:*")).hasSize(1);
			ory.resetCounters();
			userCredentials.forEach(this::lookup);
			lookup(otherCredential);
			assertThat(ory.whoamiCalls()).isEqualTo(3);
		});
	}

	@Test
	void invalidateUserWhenTagSetWasEvictedThenRevokeAllStillHolds() {
		run(() -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
			lookup(token);
			lookup(cookie);
			this.jedis.del("authcache:user:" + session.identityId());
			ory.revokeSession(session.sessionId());
			this.invalidator.invalidateUser(session.identityId());
			assertThat(this.jedis.keys("authcache:session:*")).as("entries the starter could not find").hasSize(2);
			assertThat(lookup(token)).isInstanceOf(CacheLookup.Rejected.class);
			assertThat(lookup(cookie)).isInstanceOf(CacheLookup.Rejected.class);
		});
	}

	@Test
	void invalidateUserWhenTagSetWasEvictedAndUpstreamStillAcceptsThenTheUpstreamIsAskedAgain() {
		run(() -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			lookup(token);
			this.jedis.del("authcache:user:" + session.identityId());
			this.invalidator.invalidateUser(session.identityId());
			assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(ory.whoamiCalls()).isEqualTo(2);
		});
	}

	@Test
	void invalidateSessionThenTheCookieAndTheTokenOfTheSessionAreDropped() {
		run(() -> {
			KratosSessionSpec session = ory.registerSession();
			KratosSessionSpec sibling = ory
				.registerSession(KratosSessionSpec.builder().identityId(session.identityId()).build());
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
			Credential siblingToken = new Credential(CredentialType.SESSION_TOKEN, sibling.requiredToken());
			lookup(token);
			lookup(cookie);
			lookup(siblingToken);
			this.invalidator.invalidateSession(session.sessionId());
			ory.resetCounters();
			lookup(token);
			lookup(cookie);
			lookup(siblingToken);
			// A lookup in the same millisecond as the revocation counts as stale and may
			// ask
			// twice; never the sibling
			assertThat(ory.whoamiCalls()).isBetween(2, 3);
			assertThat(ory.recordedRequests())
				.noneMatch((request) -> sibling.requiredToken().equals(request.header("X-Session-Token")));
		});
	}

	@Test
	void revokeJtiThenRejectedOnEveryRequestUntilExpiryAndKeyedOnIssuerAndJti() {
		AtomicInteger calls = new AtomicInteger();
		Instant exp = Instant.now().plusSeconds(30);
		IdentityResolver jwt = new IdentityResolver() {

			@Override
			public boolean supports(CredentialType type) {
				return type == CredentialType.ACCESS_TOKEN;
			}

			@Override
			public Resolution resolve(Credential credential) {
				calls.incrementAndGet();
				return new Resolution.Active(new Identity("user-1", null, "jti-1", exp, List.of(),
						Map.of("iss", "https://issuer.example", "token_type", "Bearer")));
			}

		};
		this.runner.withBean(IdentityResolver.class, () -> jwt)
			.withPropertyValues("authcache.introspection.enabled=false")
			.run((context) -> {
				CredentialCache jwtCache = context.getBean(CredentialCache.class);
				Credential token = new Credential(CredentialType.ACCESS_TOKEN, "eyJhbGciOi.eyJqdGkiOiJqdGktMSJ9.sig");
				assertThat(jwtCache.lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
				context.getBean(AuthCacheInvalidator.class).revokeJti("https://issuer.example", "jti-1", exp);
				assertThat(jwtCache.lookup(token, null))
					.isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
				Credential reencoded = new Credential(CredentialType.ACCESS_TOKEN,
						"eyJhbGciOi.eyJqdGkiOiJqdGktMSJ9.sig2");
				assertThat(jwtCache.lookup(reencoded, null))
					.isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
				String mark = context.getBean(CacheKeys.class).jtiMarkKey("https://issuer.example", "jti-1");
				assertThat(this.jedis.pttl(mark)).isBetween(28_000L, 30_000L);
				assertThat(mark).doesNotContain("eyJ");
				assertThat(calls.get()).isEqualTo(2);
			});
	}

	@Test
	void revokeWhenRedisIsDownThenFailsLoudlyButAuthenticationKeepsWorking() {
		run(() -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			redis.stop();
			try {
				assertThatExceptionOfType(RevocationFailedException.class)
					.isThrownBy(() -> this.invalidator.invalidateUser(session.identityId()));
				assertThatExceptionOfType(RevocationFailedException.class)
					.isThrownBy(() -> this.invalidator.invalidateCredential(token));
				assertThat(this.events).isEmpty();
				assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			}
			finally {
				redis.start();
			}
		});
	}

	@Test
	void revokeWhenRedisIsOutOfMemoryUnderNoevictionThenFailsLoudlyButAuthenticationKeepsWorking() {
		run(() -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			this.jedis.configSet("maxmemory-policy", "noeviction");
			this.jedis.configSet("maxmemory", "1");
			try {
				assertThatExceptionOfType(RevocationFailedException.class)
					.isThrownBy(() -> this.invalidator.invalidateUser(session.identityId()));
				assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
				assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
				assertThat(ory.whoamiCalls()).as("nothing could be cached").isEqualTo(2);
			}
			finally {
				this.jedis.configSet("maxmemory", "0");
			}
		});
	}

	@Test
	void revokeSessionUpstreamThenKratosRevokedAndCacheDropped() {
		run(() -> {
			KratosSessionSpec session = ory.registerSession();
			Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
			lookup(token);
			this.upstreamRevocations.revokeSession(session.sessionId());
			assertThat(ory.adminCalls()).isEqualTo(1);
			assertThat(lookup(token)).isInstanceOf(CacheLookup.Rejected.class);
		});
	}

	@Test
	void revokeAllSessionsUpstreamThenKratosRevokedAndEveryCredentialRejected() {
		run(() -> {
			KratosSessionSpec first = ory.registerSession();
			KratosSessionSpec second = ory
				.registerSession(KratosSessionSpec.builder().identityId(first.identityId()).build());
			Credential firstToken = new Credential(CredentialType.SESSION_TOKEN, first.requiredToken());
			Credential secondCookie = new Credential(CredentialType.SESSION_COOKIE, second.cookieValue());
			lookup(firstToken);
			lookup(secondCookie);
			this.upstreamRevocations.revokeAllSessions(first.identityId());
			assertThat(lookup(firstToken)).isInstanceOf(CacheLookup.Rejected.class);
			assertThat(lookup(secondCookie)).isInstanceOf(CacheLookup.Rejected.class);
		});
	}

	@Test
	void revokeTokenUpstreamThenHydraRevokedAndCacheDropped() {
		run(() -> {
			OAuth2TokenSpec spec = ory.registerToken();
			Credential token = new Credential(CredentialType.ACCESS_TOKEN, spec.token());
			lookup(token);
			this.upstreamRevocations.revokeToken(token);
			assertThat(ory.revokeCalls()).isEqualTo(1);
			assertThat(ory.isTokenRevoked(spec.token())).isTrue();
			assertThat(lookup(token)).isInstanceOf(CacheLookup.Rejected.class);
		});
	}

	private void run(Executable test) {
		this.runner.run((context) -> {
			this.cache = context.getBean(CredentialCache.class);
			this.invalidator = context.getBean(AuthCacheInvalidator.class);
			this.invalidator
				.setEventPublisher((event) -> this.events.add(((AuthCacheInvalidatedEvent) event).getInvalidation()));
			this.invalidator.setBroadcaster((invalidation) -> {
				this.broadcasts.add(invalidation);
				return Acknowledgements.NONE;
			});
			this.upstreamRevocations = context.getBean(UpstreamRevocations.class);
			test.execute();
		});
	}

	private CacheLookup lookup(Credential credential) {
		assertThat(this.cache).as("the cache of the context").isNotNull();
		return this.cache.lookup(credential, null);
	}

}
