/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link UpstreamFairness} in the {@link CredentialCache}: one client address
 * takes at most its share of the upstream limit and its budget of cold lookups, while the
 * others still get permits; over the in-memory stores and a scripted upstream.
 *
 * @author authcache authors
 */
class UpstreamFairnessTests {

	private static final int LIMIT = 4;

	private static final int SHARE = 2;

	private static final int BUDGET = 3;

	private static final Duration WINDOW = Duration.ofSeconds(3);

	private final InMemoryEngine engine = new InMemoryEngine(Duration.ofSeconds(60), Duration.ZERO);

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private int madeUp;

	UpstreamFairnessTests() {
		this.engine.cache.setUpstreamLimit(Bulkhead.of("test",
				BulkheadConfig.custom().maxConcurrentCalls(LIMIT).maxWaitDuration(Duration.ZERO).build()));
		this.engine.cache.setUpstreamFairness(new UpstreamFairness(SHARE, BUDGET, WINDOW));
	}

	@AfterEach
	void tearDown() {
		this.engine.upstream.release();
		this.threads.shutdownNow();
	}

	@Test
	void lookupWhenClientHoldsItsShareThenRefusedWhileOthersGetPermits() throws Exception {
		this.engine.upstream.hold();
		List<Future<CacheLookup>> held = new ArrayList<>();
		held.add(lookupAsync(madeUpToken(), "10.0.0.1"));
		held.add(lookupAsync(madeUpToken(), "10.0.0.1"));
		awaitInFlight(SHARE);
		assertThat(lookupAsync(madeUpToken(), "10.0.0.1")).failsWithin(10, TimeUnit.SECONDS)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(ClientLimitExceededException.class,
					(ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(1)));
		held.add(lookupAsync(this.engine.session(null), "10.0.0.2"));
		held.add(lookupAsync(this.engine.session(null), "10.0.0.3"));
		awaitInFlight(LIMIT);
		assertThat(lookupAsync(this.engine.session(null), "10.0.0.4"))
			.as("the upstream limit reached by several clients is not one client's fault")
			.failsWithin(10, TimeUnit.SECONDS)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(UpstreamUnavailableException.class)
			.isNotInstanceOf(ClientLimitExceededException.class);
		this.engine.upstream.release();
		assertThat(held.get(0).get(10, TimeUnit.SECONDS)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(held.get(1).get(10, TimeUnit.SECONDS)).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(held.get(2).get(10, TimeUnit.SECONDS)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(held.get(3).get(10, TimeUnit.SECONDS)).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.engine.upstream.calls).hasValue(LIMIT);
		assertThat(fairness("session", "admitted")).isEqualTo(LIMIT + 1);
		assertThat(fairness("session", "over_share")).isOne();
		assertThat(this.engine.counter(MicrometerAuthCacheMetrics.UPSTREAM_REJECTED)).isOne();
		// Its calls over, the client has its share again
		assertThat(lookup(madeUpToken(), "10.0.0.1")).isInstanceOf(CacheLookup.Rejected.class);
	}

	@Test
	void lookupWhenClientSpentItsBudgetThenRefusedUntilItRefills() {
		for (int i = 0; i < BUDGET; i++) {
			assertThat(lookup(madeUpToken(), "10.0.0.1")).isInstanceOf(CacheLookup.Rejected.class);
		}
		assertThatExceptionOfType(ClientLimitExceededException.class)
			.isThrownBy(() -> lookup(madeUpToken(), "10.0.0.1"))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(1)));
		assertThat(lookup(this.engine.session(null), "10.0.0.2")).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.engine.upstream.calls).hasValue(BUDGET + 1);
		assertThat(fairness("session", "over_budget")).isOne();
		// One lookup's worth of the window later, one more
		this.engine.advance(WINDOW.dividedBy(BUDGET));
		assertThat(lookup(madeUpToken(), "10.0.0.1")).isInstanceOf(CacheLookup.Rejected.class);
		assertThatExceptionOfType(ClientLimitExceededException.class)
			.isThrownBy(() -> lookup(madeUpToken(), "10.0.0.1"));
		assertThat(this.engine.upstream.calls).hasValue(BUDGET + 2);
	}

	@Test
	void lookupWhenCachedThenServedWhateverTheClientsBudget() {
		Credential cached = this.engine.session(null);
		assertThat(lookup(cached, "10.0.0.1")).isInstanceOf(CacheLookup.Authenticated.class);
		for (int i = 1; i < BUDGET; i++) {
			lookup(madeUpToken(), "10.0.0.1");
		}
		assertThatExceptionOfType(ClientLimitExceededException.class)
			.isThrownBy(() -> lookup(madeUpToken(), "10.0.0.1"));
		assertThat(lookup(cached, "10.0.0.1")).isInstanceOf(CacheLookup.Authenticated.class);
		assertThat(this.engine.upstream.calls).hasValue(BUDGET);
	}

	@Test
	void lookupWhenUpstreamFailsThenTheClientsShareIsGivenBack() {
		this.engine.upstream.failing = true;
		for (int i = 0; i < SHARE + 1; i++) {
			assertThatExceptionOfType(UpstreamUnavailableException.class)
				.isThrownBy(() -> lookup(madeUpToken(), "10.0.0.1"))
				.isNotInstanceOf(ClientLimitExceededException.class);
		}
	}

	@Test
	void lookupOfNoClientThenNotHeldToAnyShare() {
		for (int i = 0; i < BUDGET + 2; i++) {
			assertThat(lookup(madeUpToken(), null)).isInstanceOf(CacheLookup.Rejected.class);
		}
		assertThat(this.engine.upstream.calls).hasValue(BUDGET + 2);
		assertThat(fairness("session", "admitted")).isZero();
	}

	@Test
	void lookupWhenIpv6AddressesShareA64NetworkThenTheyAreOneClient() {
		for (int i = 0; i < BUDGET; i++) {
			lookup(madeUpToken(), "2001:db8:1:2::" + (i + 1));
		}
		assertThatExceptionOfType(ClientLimitExceededException.class)
			.isThrownBy(() -> lookup(madeUpToken(), "2001:db8:1:2:ffff:ffff:ffff:ffff"));
		assertThat(lookup(madeUpToken(), "2001:db8:1:3::1")).isInstanceOf(CacheLookup.Rejected.class);
		assertThat(lookup(madeUpToken(), "10.0.0.1")).isInstanceOf(CacheLookup.Rejected.class);
	}

	private Future<CacheLookup> lookupAsync(Credential credential, String client) {
		return this.threads.submit(() -> lookup(credential, client));
	}

	private CacheLookup lookup(Credential credential, @Nullable String client) {
		return this.engine.cache.lookup(credential, null, client);
	}

	private Credential madeUpToken() {
		return new Credential(CredentialType.SESSION_TOKEN, "made-up-" + this.madeUp++);
	}

	private void awaitInFlight(int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.engine.upstream.inFlight.get() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.engine.upstream.inFlight).hasValue(count);
	}

	private double fairness(String kind, String outcome) {
		return this.engine.meters.get(MicrometerAuthCacheMetrics.UPSTREAM_FAIRNESS)
			.tag("kind", kind)
			.tag("outcome", outcome)
			.counter()
			.count();
	}

}
