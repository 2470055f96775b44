/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.authcache.cache.TtlPolicy;
import io.github.authcache.credential.CredentialKind;

/**
 * A virtual-clock simulation of the hit ratio: a Zipf-distributed population of users
 * sends Poisson-distributed requests; each user holds one access token that lives 1 h and
 * is replaced by a new (cold) token when it expires. Entry lifetimes come from the
 * starter's real {@link TtlPolicy} (TTL capped by the token's expiry, with its jitter);
 * Redis expiry is modelled (an entry is a hit until its TTL has passed), because a
 * redis-server's clock cannot be advanced, so this is a model of TTL expiry rather than a
 * run against Redis. Upstream calls are instantaneous, so single-flight never merges
 * misses here (the load run measures that).
 *
 * @author authcache authors
 */
final class HitRateSimulation {

	static final int USERS = 100_000;

	static final double ZIPF_EXPONENT = 1.0;

	static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

	static final List<Duration> TTLS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(300));

	static final List<Integer> RATES = List.of(100, 1000);

	private final Settings settings;

	final List<Row> rows = new ArrayList<>();

	HitRateSimulation(Settings settings) {
		this.settings = settings;
	}

	void run() {
		double[] cdf = zipfCdf(USERS, ZIPF_EXPONENT);
		for (int rate : RATES) {
			for (Duration ttl : TTLS) {
				this.rows.add(simulate(cdf, rate, ttl));
			}
		}
	}

	private Row simulate(double[] cdf, int ratePerSecond, Duration ttl) {
		TtlPolicy policy = new TtlPolicy(ttl, ttl, Fixtures.NEGATIVE_TTL);
		SplittableRandom random = new SplittableRandom(42);
		long lifetime = TOKEN_LIFETIME.toMillis();
		long end = this.settings.simulatedSeconds() * 1000;
		// Each user's token was issued at a random point of its lifetime before t=0
		long[] tokenIssuedAt = new long[USERS];
		long[] entryExpiresAt = new long[USERS];
		int[] tokenGeneration = new int[USERS];
		int[] entryGeneration = new int[USERS];
		for (int i = 0; i < USERS; i++) {
			tokenIssuedAt[i] = -random.nextLong(lifetime);
			entryGeneration[i] = -1;
		}
		Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
		double meanGapMillis = 1000.0 / ratePerSecond;
		double now = 0;
		long requests = 0;
		long misses = 0;
		long maxRequests = (long) ratePerSecond * this.settings.simulatedSeconds() * 2;
		while (requests < maxRequests) {
			now += -Math.log(1 - random.nextDouble()) * meanGapMillis;
			if (now >= end) {
				break;
			}
			long t = (long) now;
			int user = sample(cdf, random.nextDouble());
			while (tokenIssuedAt[user] + lifetime <= t) {
				tokenIssuedAt[user] += lifetime;
				tokenGeneration[user]++;
			}
			requests++;
			if (entryGeneration[user] == tokenGeneration[user] && entryExpiresAt[user] > t) {
				continue;
			}
			misses++;
			Instant instant = epoch.plusMillis(t);
			Duration entryTtl = policy.activeTtl(CredentialKind.TOKEN, epoch.plusMillis(tokenIssuedAt[user] + lifetime),
					null, instant);
			entryGeneration[user] = tokenGeneration[user];
			entryExpiresAt[user] = (entryTtl != null) ? t + entryTtl.toMillis() : t;
		}
		double seconds = end / 1000.0;
		return new Row(ratePerSecond, ttl, requests, 1.0 - (double) misses / requests, misses / seconds);
	}

	private static double[] zipfCdf(int n, double exponent) {
		double[] cdf = new double[n];
		double sum = 0;
		for (int i = 0; i < n; i++) {
			sum += 1.0 / Math.pow(i + 1, exponent);
			cdf[i] = sum;
		}
		for (int i = 0; i < n; i++) {
			cdf[i] /= sum;
		}
		return cdf;
	}

	private static int sample(double[] cdf, double u) {
		int low = 0;
		int high = cdf.length - 1;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (cdf[mid] < u) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low;
	}

	record Row(int ratePerSecond, Duration ttl, long requests, double hitRatio, double upstreamPerSecond) {

	}

}
