/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The cache engine over the in-memory stores and a scripted upstream, for tests of the
 * engine's rules in milliseconds: no server, one clock for the instance and one for the
 * stores (a Redis keeps its own time), both moved by {@link #advance}.
 *
 * @author authcache authors
 */
final class InMemoryEngine {

	final MutableClock clock = new MutableClock(Instant.now());

	final MutableClock storeClock;

	final InMemoryAuthCacheStore store;

	final InMemoryRevocationStore marks;

	final CacheKeys keys;

	final TtlPolicy ttlPolicy;

	final Revocations revocations;

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final ScriptedUpstream upstream;

	final CredentialCache cache;

	InMemoryEngine(Duration ttl, Duration staleIfError) {
		this(ttl, staleIfError, new CacheKeys("authcache:", null), null);
	}

	InMemoryEngine(CacheKeys keys) {
		this(Duration.ofSeconds(60), Duration.ZERO, keys, null);
	}

	private InMemoryEngine(Duration ttl, Duration staleIfError, CacheKeys keys, @Nullable InMemoryEngine shared) {
		this.storeClock = (shared != null) ? shared.storeClock : new MutableClock(this.clock.instant());
		this.store = (shared != null) ? shared.store : new InMemoryAuthCacheStore(this.storeClock);
		this.marks = (shared != null) ? shared.marks : new InMemoryRevocationStore(this.storeClock);
		this.upstream = (shared != null) ? shared.upstream : new ScriptedUpstream();
		this.keys = keys;
		this.ttlPolicy = new TtlPolicy(ttl, ttl, Duration.ofSeconds(5));
		this.ttlPolicy.setStaleIfError(staleIfError);
		this.revocations = new Revocations(this.marks, this.keys, this.ttlPolicy);
		this.cache = new CredentialCache(List.of(this.upstream), this.store, this.keys, this.ttlPolicy,
				this.revocations);
		this.cache.setClock(this.clock);
		this.cache.setMetrics(new MicrometerAuthCacheMetrics(this.meters));
	}

	/**
	 * Return another instance on this one's stores and upstream (a second process sharing
	 * one Redis), with no broadcasts between them.
	 * @return the other instance
	 */
	InMemoryEngine otherInstance() {
		return new InMemoryEngine(Duration.ofSeconds(60), Duration.ZERO, this.keys, this);
	}

	/**
	 * Return an invalidator for this instance.
	 * @return the invalidator
	 */
	AuthCacheInvalidator invalidator() {
		return new AuthCacheInvalidator(this.cache, this.store, this.keys, this.revocations);
	}

	/**
	 * Move the instance's and the stores' clocks forward.
	 * @param duration how far
	 */
	void advance(Duration duration) {
		this.clock.advance(duration);
		this.storeClock.advance(duration);
	}

	/**
	 * Register an active session at the upstream.
	 * @param expiresAt when it expires, if ever
	 * @return its credential
	 */
	Credential session(@Nullable Instant expiresAt) {
		return register(CredentialType.SESSION_TOKEN, expiresAt);
	}

	/**
	 * Register an active access token at the upstream.
	 * @param expiresAt when it expires, if ever
	 * @return its credential
	 */
	Credential token(@Nullable Instant expiresAt) {
		return register(CredentialType.ACCESS_TOKEN, expiresAt);
	}

	/**
	 * Register an active access token with a JWT id at the upstream.
	 * @param issuer the token's issuer
	 * @param jti its JWT id
	 * @param expiresAt when it expires
	 * @return its credential
	 */
	Credential jwt(String issuer, String jti, Instant expiresAt) {
		String token = "token-" + this.upstream.sessions.size();
		this.upstream.sessions.put(token,
				new Identity("user-" + token, null, jti, expiresAt, List.of(), Map.of("iss", issuer)));
		return new Credential(CredentialType.ACCESS_TOKEN, token);
	}

	private Credential register(CredentialType type, @Nullable Instant expiresAt) {
		String token = "token-" + this.upstream.sessions.size();
		this.upstream.sessions.put(token,
				new Identity("user-" + token, "session-" + token, null, expiresAt, List.of(), Map.of()));
		return new Credential(type, token);
	}

	/**
	 * Return the only entry key in the store.
	 * @return the entry key
	 */
	String onlyEntryKey() {
		return this.store.entryKeys().stream().reduce((a, b) -> {
			throw new IllegalStateException("More than one entry");
		}).orElseThrow();
	}

	double counter(String name) {
		return this.meters.get(name).tag("kind", "session").counter().count();
	}

	double lookups(String kind, String result) {
		return this.meters.get("authcache.lookups").tag("kind", kind).tag("result", result).counter().count();
	}

	/**
	 * An upstream that knows the sessions and tokens registered with it, counts its
	 * calls, answers after a latency, with a cache lifetime, and fails when told to.
	 * While {@link #hold} is set ({@link #hold()}), each call waits for it after it
	 * arrived (counted in {@link #arrived}).
	 */
	static final class ScriptedUpstream implements IdentityResolver {

		final Map<String, Identity> sessions = new ConcurrentHashMap<>();

		final AtomicInteger calls = new AtomicInteger();

		volatile boolean failing;

		volatile Duration latency = Duration.ZERO;

		volatile @Nullable Duration cacheFor;

		final AtomicInteger inFlight = new AtomicInteger();

		volatile @Nullable CountDownLatch hold;

		final Semaphore arrived = new Semaphore(0);

		/**
		 * Hold every answer until {@link #release()}.
		 */
		void hold() {
			this.hold = new CountDownLatch(1);
		}

		/**
		 * Let the held answers go, and stop holding.
		 */
		void release() {
			CountDownLatch held = this.hold;
			this.hold = null;
			if (held != null) {
				held.countDown();
			}
		}

		@Override
		public boolean supports(CredentialType type) {
			return type != CredentialType.SESSION_COOKIE;
		}

		@Override
		public Resolution resolve(Credential credential) {
			this.calls.incrementAndGet();
			this.inFlight.incrementAndGet();
			try {
				CountDownLatch hold = this.hold;
				if (hold != null) {
					this.arrived.release();
					hold.await();
				}
				Thread.sleep(this.latency.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.inFlight.decrementAndGet();
			}
			if (this.failing) {
				throw new UpstreamUnavailableException("The upstream is down");
			}
			Identity identity = this.sessions.get(credential.value());
			return (identity != null) ? new Resolution.Active(identity, this.cacheFor, List.of())
					: new Resolution.Inactive();
		}

	}

}
