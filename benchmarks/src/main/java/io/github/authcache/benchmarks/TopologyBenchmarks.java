/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.authcache.autoconfigure.AuthCacheProperties;
import io.github.authcache.cache.CacheLookup;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisDeployment;
import io.github.authcache.test.redis.RedisTopology;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.Jedis;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Redis hit through the starter's own {@link CredentialCache} bean, configured only
 * with properties ({@link StarterApplication}: {@code authcache.cache.secret} set), on
 * each {@link RedisTopology}, for a session and for an access token, against the floor of
 * the same topology: a raw Jedis {@code GET} of the session's entry on the master that
 * serves it (the Sentinel-managed master; on a Cluster the owning node). Run by
 * {@link RunAllBenchmarks} with {@code -prof gc}; {@link InterleavedPhase} measures the
 * same operations interleaved.
 *
 * @author authcache authors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TopologyBenchmarks {

	@Benchmark
	public CacheLookup redisHitSession(StarterState state, UpstreamCounter counter) {
		CacheLookup lookup = state.cache.lookup(state.sessionCookie, null);
		counter.count(state);
		return lookup;
	}

	@Benchmark
	public CacheLookup redisHitToken(StarterState state, UpstreamCounter counter) {
		CacheLookup lookup = state.cache.lookup(state.accessToken, null);
		counter.count(state);
		return lookup;
	}

	@Benchmark
	public String rawGetOnMaster(StarterState state) {
		return state.master.get(state.sessionKey);
	}

	/**
	 * A Redis deployment, the Ory stub and the starter on them, with one session and one
	 * access token cached and hit (so a hit knows its revocation marks), and a raw Jedis
	 * connection to the master that serves the session's entry.
	 */
	@State(Scope.Benchmark)
	public static class StarterState {

		/**
		 * The {@link RedisTopology} by name (JMH generates code outside this package).
		 */
		@Param({ "STANDALONE", "SENTINEL", "CLUSTER" })
		String topology;

		RedisDeployment redis;

		OryStub ory;

		ConfigurableApplicationContext context;

		CredentialCache cache;

		Credential sessionCookie;

		Credential accessToken;

		String sessionKey;

		Jedis master;

		int upstreamCallsSeen;

		@Setup(Level.Trial)
		public void setUp() {
			this.redis = RedisTopology.valueOf(this.topology).start();
			this.ory = OryStub.start();
			this.context = StarterApplication.start(StarterApplication.class, WebApplicationType.NONE, this.redis,
					this.ory);
			this.cache = this.context.getBean(CredentialCache.class);
			this.sessionCookie = new Credential(CredentialType.SESSION_COOKIE,
					this.ory.registerSession(Fixtures.typicalSession()).cookieValue());
			this.accessToken = new Credential(CredentialType.ACCESS_TOKEN,
					this.ory.registerToken(Fixtures.typicalToken()).token());
			for (int i = 0; i < 3; i++) {
				HotPathBenchmarks.check(this.cache.lookup(this.sessionCookie, null));
				HotPathBenchmarks.check(this.cache.lookup(this.accessToken, null));
			}
			if (this.topology.equals("CLUSTER")) {
				waitUntilEntriesAreSettled();
			}
			// More than one call each is possible on a loaded machine (a slow Redis read
			// goes upstream); UpstreamCounter counts those of the measurement
			this.upstreamCallsSeen = upstreamCalls();
			this.sessionKey = this.cache.entryKeys(this.sessionCookie).get(0);
			this.master = this.redis.masterOf(this.sessionKey).jedis();
			if (this.master.get(this.sessionKey) == null) {
				throw new IllegalStateException("The session entry is not on its master");
			}
		}

		/**
		 * On a cluster the marks may be read before the entry (one overlapped round
		 * trip), so the starter reads them again for entries younger than the upstream
		 * timeout plus the tolerated clock skew (5 s). An entry is young for that window
		 * only, then settled for the rest of its life: the hits are measured on settled
		 * entries, as most hits are.
		 */
		private void waitUntilEntriesAreSettled() {
			AuthCacheProperties.Upstream upstream = this.context.getBean(AuthCacheProperties.class).getUpstream();
			Duration window = upstream.getConnectTimeout().plus(upstream.getReadTimeout()).plusSeconds(5 + 1);
			try {
				Thread.sleep(window.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		int upstreamCalls() {
			return this.ory.whoamiCalls() + this.ory.introspectCalls();
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.master.close();
			this.context.close();
			this.ory.close();
			this.redis.close();
		}

	}

	/**
	 * The upstream calls made by the lookups measured (a JMH secondary result): 0 when
	 * every lookup was a Redis hit; a store the starter stopped trusting (a slow Redis on
	 * a loaded machine opens its circuit) sends lookups upstream instead.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class UpstreamCounter {

		/**
		 * The upstream calls of this iteration.
		 */
		public long upstreamCalls;

		@Setup(Level.Iteration)
		public void reset() {
			this.upstreamCalls = 0;
		}

		void count(StarterState state) {
			int calls = state.upstreamCalls();
			if (calls != state.upstreamCallsSeen) {
				this.upstreamCalls += calls - state.upstreamCallsSeen;
				state.upstreamCallsSeen = calls;
			}
		}

	}

}
