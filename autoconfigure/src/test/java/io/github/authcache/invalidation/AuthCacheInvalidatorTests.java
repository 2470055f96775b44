/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.Invalidation;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.CacheFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AuthCacheInvalidator} and {@link UpstreamRevocations} against a real
 * {@code redis-server} and the Ory stub.
 *
 * @author authcache authors
 */
@ExtendWith(RealServersExtension.class)
class AuthCacheInvalidatorTests {

	private final RedisServer redis;

	private final OryStub ory;

	private CacheFixture fixture;

	private Jedis jedis;

	private final List<Invalidation> events = new ArrayList<>();

	private final List<Invalidation> broadcasts = new ArrayList<>();

	AuthCacheInvalidatorTests(RedisServer redis, OryStub ory) {
		this.redis = redis;
		this.ory = ory;
	}

	@BeforeEach
	void setUp() {
		this.jedis = this.redis.jedis();
		this.fixture = new CacheFixture(this.redis, this.ory);
		this.fixture.invalidator()
			.setEventPublisher((event) -> this.events.add(((AuthCacheInvalidatedEvent) event).getInvalidation()));
		this.fixture.invalidator().setBroadcaster(this.broadcasts::add);
	}

	@AfterEach
	void tearDown() {
		this.fixture.close();
		this.jedis.close();
	}

	@Test
	void invalidateCredentialThenNextLookupAsksTheUpstreamAndEveryoneIsTold() {
		KratosSessionSpec session = this.ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		lookup(token);
		lookup(token);
		assertThat(this.ory.whoamiCalls()).isEqualTo(1);
		this.fixture.invalidator().invalidateCredential(token);
		assertThat(this.jedis.keys("authcache:session:*")).isEmpty();
		assertThat(this.jedis.keys("authcache:revoked:session:*")).singleElement()
			.satisfies((mark) -> assertThat(this.jedis.pttl(mark)).isBetween(61_000L, 62_000L));
		assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.ory.whoamiCalls()).isEqualTo(2);
		assertThat(this.events).singleElement()
			.satisfies((event) -> assertThat(event.type()).isEqualTo(Invalidation.Type.CREDENTIAL));
		assertThat(this.broadcasts).isEqualTo(this.events);
		assertThat(this.events.get(0).target()).doesNotContain(session.requiredToken());
	}

	@Test
	void invalidateUserThenEveryCredentialOfTheUserIsDropped() {
		KratosSessionSpec first = this.ory.registerSession();
		KratosSessionSpec second = this.ory
			.registerSession(KratosSessionSpec.builder().identityId(first.identityId()).build());
		KratosSessionSpec other = this.ory.registerSession();
		List<Credential> userCredentials = List.of(new Credential(CredentialType.SESSION_COOKIE, first.cookieValue()),
				new Credential(CredentialType.SESSION_TOKEN, first.requiredToken()),
				new Credential(CredentialType.SESSION_TOKEN, second.requiredToken()));
		Credential otherCredential = new Credential(CredentialType.SESSION_TOKEN, other.requiredToken());
		userCredentials.forEach(this::lookup);
		lookup(otherCredential);
		assertThat(this.jedis.smembers("authcache:user:" + first.identityId())).hasSize(3);
		this.fixture.invalidator().invalidateUser(first.identityId());
		assertThat(this.jedis.exists("authcache:user:" + first.identityId())).isFalse();
		assertThat(this.jedis.keys("authcache:session:*")).hasSize(1);
		this.ory.resetCounters();
		userCredentials.forEach(this::lookup);
		lookup(otherCredential);
		assertThat(this.ory.whoamiCalls()).isEqualTo(3);
	}

	@Test
	void invalidateUserWhenTagSetWasEvictedThenRevokeAllStillHolds() {
		KratosSessionSpec session = this.ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
		lookup(token);
		lookup(cookie);
		this.jedis.del("authcache:user:" + session.identityId());
		this.ory.revokeSession(session.sessionId());
		this.fixture.invalidator().invalidateUser(session.identityId());
		assertThat(this.jedis.keys("authcache:session:*")).as("entries the starter could not find").hasSize(2);
		assertThat(lookup(token)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(lookup(cookie)).isInstanceOf(CacheLookup.Rejected.class);
	}

	@Test
	void invalidateUserWhenTagSetWasEvictedAndUpstreamStillAcceptsThenTheUpstreamIsAskedAgain() {
		KratosSessionSpec session = this.ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		lookup(token);
		this.jedis.del("authcache:user:" + session.identityId());
		this.fixture.invalidator().invalidateUser(session.identityId());
		assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void invalidateSessionThenTheCookieAndTheTokenOfTheSessionAreDropped() {
		KratosSessionSpec session = this.ory.registerSession();
		KratosSessionSpec sibling = this.ory
			.registerSession(KratosSessionSpec.builder().identityId(session.identityId()).build());
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		Credential cookie = new Credential(CredentialType.SESSION_COOKIE, session.cookieValue());
		Credential siblingToken = new Credential(CredentialType.SESSION_TOKEN, sibling.requiredToken());
		lookup(token);
		lookup(cookie);
		lookup(siblingToken);
		this.fixture.invalidator().invalidateSession(session.sessionId());
		this.ory.resetCounters();
		lookup(token);
		lookup(cookie);
		lookup(siblingToken);
		// A lookup in the same millisecond as the revocation counts as stale and may ask
		// twice; never the sibling
		assertThat(this.ory.whoamiCalls()).isBetween(2, 3);
		assertThat(this.ory.recordedRequests())
			.noneMatch((request) -> sibling.requiredToken().equals(request.header("X-Session-Token")));
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
		try (CacheFixture jwtFixture = new CacheFixture(this.redis, this.ory, jwt)) {
			Credential token = new Credential(CredentialType.ACCESS_TOKEN, "eyJhbGciOi.eyJqdGkiOiJqdGktMSJ9.sig");
			assertThat(jwtFixture.cache().lookup(token, null)).isInstanceOf(CacheLookup.Authenticated.class);
			jwtFixture.invalidator().revokeJti("https://issuer.example", "jti-1", exp);
			assertThat(jwtFixture.cache().lookup(token, null))
				.isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
			Credential reencoded = new Credential(CredentialType.ACCESS_TOKEN, "eyJhbGciOi.eyJqdGkiOiJqdGktMSJ9.sig2");
			assertThat(jwtFixture.cache().lookup(reencoded, null))
				.isEqualTo(new CacheLookup.Rejected("The token has been revoked"));
			String mark = jwtFixture.keys().jtiMarkKey("https://issuer.example", "jti-1");
			assertThat(this.jedis.pttl(mark)).isBetween(28_000L, 30_000L);
			assertThat(mark).doesNotContain("eyJ");
			assertThat(calls.get()).isEqualTo(2);
		}
	}

	@Test
	void revokeWhenRedisIsDownThenFailsLoudlyButAuthenticationKeepsWorking() {
		KratosSessionSpec session = this.ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.redis.stop();
		try {
			assertThatExceptionOfType(RevocationFailedException.class)
				.isThrownBy(() -> this.fixture.invalidator().invalidateUser(session.identityId()));
			assertThatExceptionOfType(RevocationFailedException.class)
				.isThrownBy(() -> this.fixture.invalidator().invalidateCredential(token));
			assertThat(this.events).isEmpty();
			assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
		}
		finally {
			this.redis.start();
		}
	}

	@Test
	void revokeWhenRedisIsOutOfMemoryUnderNoevictionThenFailsLoudlyButAuthenticationKeepsWorking() {
		KratosSessionSpec session = this.ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		this.jedis.configSet("maxmemory-policy", "noeviction");
		this.jedis.configSet("maxmemory", "1");
		try {
			assertThatExceptionOfType(RevocationFailedException.class)
				.isThrownBy(() -> this.fixture.invalidator().invalidateUser(session.identityId()));
			assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(lookup(token)).isInstanceOf(CacheLookup.Authenticated.class);
			assertThat(this.ory.whoamiCalls()).as("nothing could be cached").isEqualTo(2);
		}
		finally {
			this.jedis.configSet("maxmemory", "0");
		}
	}

	@Test
	void revokeSessionUpstreamThenKratosRevokedAndCacheDropped() {
		KratosSessionSpec session = this.ory.registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		lookup(token);
		this.fixture.upstreamRevocations().revokeSession(session.sessionId());
		assertThat(this.ory.adminCalls()).isEqualTo(1);
		assertThat(lookup(token)).isInstanceOf(CacheLookup.Rejected.class);
	}

	@Test
	void revokeAllSessionsUpstreamThenKratosRevokedAndEveryCredentialRejected() {
		KratosSessionSpec first = this.ory.registerSession();
		KratosSessionSpec second = this.ory
			.registerSession(KratosSessionSpec.builder().identityId(first.identityId()).build());
		Credential firstToken = new Credential(CredentialType.SESSION_TOKEN, first.requiredToken());
		Credential secondCookie = new Credential(CredentialType.SESSION_COOKIE, second.cookieValue());
		lookup(firstToken);
		lookup(secondCookie);
		this.fixture.upstreamRevocations().revokeAllSessions(first.identityId());
		assertThat(lookup(firstToken)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(lookup(secondCookie)).isInstanceOf(CacheLookup.Rejected.class);
	}

	@Test
	void revokeTokenUpstreamThenHydraRevokedAndCacheDropped() {
		OAuth2TokenSpec spec = this.ory.registerToken();
		Credential token = new Credential(CredentialType.ACCESS_TOKEN, spec.token());
		lookup(token);
		this.fixture.upstreamRevocations().revokeToken(token);
		assertThat(this.ory.revokeCalls()).isEqualTo(1);
		assertThat(this.ory.isTokenRevoked(spec.token())).isTrue();
		assertThat(lookup(token)).isInstanceOf(CacheLookup.Rejected.class);
	}

	private CacheLookup lookup(Credential credential) {
		return this.fixture.cache().lookup(credential, null);
	}

}
