/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.authcache.credential.CredentialKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@link AuthCacheMetrics} on Micrometer: the counter {@code authcache.lookups} tagged
 * {@code kind} and {@code result}, and the timer {@code authcache.upstream} tagged
 * {@code kind} and {@code outcome}, the counters {@code authcache.stale.served} and
 * {@code authcache.upstream.rejected} tagged {@code kind}, and the counters
 * {@code authcache.upstream.fairness} and {@code authcache.logout.upstream} tagged
 * {@code kind} and {@code outcome}, and the counter {@code authcache.write.skipped}
 * tagged {@code kind} and {@code reason}. Every meter is registered up front, so
 * recording costs no registry lookup.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class MicrometerAuthCacheMetrics implements AuthCacheMetrics {

	/**
	 * Name of the lookup counter.
	 */
	public static final String LOOKUPS = "authcache.lookups";

	/**
	 * Name of the upstream timer.
	 */
	public static final String UPSTREAM = "authcache.upstream";

	/**
	 * Name of the counter of lookups answered by an entry past its TTL.
	 */
	public static final String STALE_SERVED = "authcache.stale.served";

	/**
	 * Name of the counter of lookups refused by the limit on concurrent upstream calls.
	 */
	public static final String UPSTREAM_REJECTED = "authcache.upstream.rejected";

	/**
	 * Name of the counter of clients' cold lookups against their share of the upstream
	 * calls, by outcome.
	 */
	public static final String UPSTREAM_FAIRNESS = "authcache.upstream.fairness";

	/**
	 * Name of the counter of revocations at the identity provider, by outcome.
	 */
	public static final String LOGOUT_UPSTREAM = "authcache.logout.upstream";

	/**
	 * Name of the counter of background refreshes (refresh-ahead), by result.
	 */
	public static final String REFRESH = "authcache.refresh";

	/**
	 * Name of the counter of upstream answers not cached because their value would exceed
	 * a limit of the reader, by reason.
	 */
	public static final String WRITE_SKIPPED = "authcache.write.skipped";

	private final Map<CredentialKind, Map<RevocationOutcome, Counter>> upstreamRevocations = new EnumMap<>(
			CredentialKind.class);

	private final Map<CredentialKind, Map<RefreshOutcome, Counter>> refreshes = new EnumMap<>(CredentialKind.class);

	private final Map<CredentialKind, Map<WriteSkipReason, Counter>> skippedWrites = new EnumMap<>(
			CredentialKind.class);

	private final Map<CredentialKind, Counter> staleServed = new EnumMap<>(CredentialKind.class);

	private final Map<CredentialKind, Counter> upstreamRejected = new EnumMap<>(CredentialKind.class);

	private final Map<CredentialKind, Map<FairnessOutcome, Counter>> upstreamFairness = new EnumMap<>(
			CredentialKind.class);

	private final Map<CredentialKind, Map<LookupResult, Counter>> lookups = new EnumMap<>(CredentialKind.class);

	private final Map<CredentialKind, Map<UpstreamOutcome, Timer>> upstreamCalls = new EnumMap<>(CredentialKind.class);

	/**
	 * Create the meters in the given registry.
	 * @param registry the registry
	 */
	public MicrometerAuthCacheMetrics(MeterRegistry registry) {
		for (CredentialKind kind : CredentialKind.values()) {
			Map<LookupResult, Counter> counters = new EnumMap<>(LookupResult.class);
			for (LookupResult result : LookupResult.values()) {
				counters.put(result,
						Counter.builder(LOOKUPS)
							.description("Credential lookups, by how the cache answered them")
							.tag("kind", kind.tagValue())
							.tag("result", result.tagValue())
							.register(registry));
			}
			this.lookups.put(kind, counters);
			Map<UpstreamOutcome, Timer> timers = new EnumMap<>(UpstreamOutcome.class);
			for (UpstreamOutcome outcome : UpstreamOutcome.values()) {
				timers.put(outcome,
						Timer.builder(UPSTREAM)
							.description("Calls to the identity provider, by outcome")
							.tag("kind", kind.tagValue())
							.tag("outcome", outcome.tagValue())
							.register(registry));
			}
			this.upstreamCalls.put(kind, timers);
			this.staleServed.put(kind, Counter.builder(STALE_SERVED)
				.description("Lookups answered by an entry past its TTL while the identity provider gave no verdict")
				.tag("kind", kind.tagValue())
				.register(registry));
			this.upstreamRejected.put(kind, Counter.builder(UPSTREAM_REJECTED)
				.description(
						"Lookups refused (503) because the limit on concurrent identity provider calls was reached")
				.tag("kind", kind.tagValue())
				.register(registry));
			Map<FairnessOutcome, Counter> fairness = new EnumMap<>(FairnessOutcome.class);
			for (FairnessOutcome outcome : FairnessOutcome.values()) {
				fairness.put(outcome,
						Counter.builder(UPSTREAM_FAIRNESS)
							.description("Cold lookups of a client address against its share of the identity "
									+ "provider calls, by outcome")
							.tag("kind", kind.tagValue())
							.tag("outcome", outcome.tagValue())
							.register(registry));
			}
			this.upstreamFairness.put(kind, fairness);
			Map<RevocationOutcome, Counter> revocations = new EnumMap<>(RevocationOutcome.class);
			for (RevocationOutcome outcome : RevocationOutcome.values()) {
				revocations.put(outcome,
						Counter.builder(LOGOUT_UPSTREAM)
							.description("Revocations at the identity provider on logout, by outcome")
							.tag("kind", kind.tagValue())
							.tag("outcome", outcome.tagValue())
							.register(registry));
			}
			this.upstreamRevocations.put(kind, revocations);
			Map<RefreshOutcome, Counter> refreshes = new EnumMap<>(RefreshOutcome.class);
			for (RefreshOutcome outcome : RefreshOutcome.values()) {
				refreshes.put(outcome,
						Counter.builder(REFRESH)
							.description("Background refreshes of cached verdicts, started, skipped and by outcome")
							.tag("kind", kind.tagValue())
							.tag("result", outcome.tagValue())
							.register(registry));
			}
			this.refreshes.put(kind, refreshes);
			Map<WriteSkipReason, Counter> skipped = new EnumMap<>(WriteSkipReason.class);
			for (WriteSkipReason reason : WriteSkipReason.values()) {
				skipped.put(reason,
						Counter.builder(WRITE_SKIPPED)
							.description("Answers of the identity provider not cached because their value would "
									+ "exceed a limit of the cache's reader, by reason")
							.tag("kind", kind.tagValue())
							.tag("reason", reason.tagValue())
							.register(registry));
			}
			this.skippedWrites.put(kind, skipped);
		}
	}

	@Override
	public void lookup(CredentialKind kind, LookupResult result) {
		this.lookups.get(kind).get(result).increment();
	}

	@Override
	public void upstreamCall(CredentialKind kind, UpstreamOutcome outcome, long durationNanos) {
		this.upstreamCalls.get(kind).get(outcome).record(durationNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void staleServed(CredentialKind kind) {
		this.staleServed.get(kind).increment();
	}

	@Override
	public void upstreamRejected(CredentialKind kind) {
		this.upstreamRejected.get(kind).increment();
	}

	@Override
	public void upstreamFairness(CredentialKind kind, FairnessOutcome outcome) {
		this.upstreamFairness.get(kind).get(outcome).increment();
	}

	@Override
	public void upstreamRevocation(CredentialKind kind, RevocationOutcome outcome) {
		this.upstreamRevocations.get(kind).get(outcome).increment();
	}

	@Override
	public void refresh(CredentialKind kind, RefreshOutcome outcome) {
		this.refreshes.get(kind).get(outcome).increment();
	}

	@Override
	public void writeSkipped(CredentialKind kind, WriteSkipReason reason) {
		this.skippedWrites.get(kind).get(reason).increment();
	}

}
