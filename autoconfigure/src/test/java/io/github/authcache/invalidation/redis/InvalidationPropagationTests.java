/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that an invalidation on one instance reaches the near cache of another: two
 * application contexts with the near cache share one real {@code redis-server} and an Ory
 * stub.
 *
 * @author authcache authors
 */
class InvalidationPropagationTests {

	private static final int REPETITIONS = 200;

	@RegisterExtension
	static final TwoInstances instances = new TwoInstances("authcache.near-cache.ttl=30s");

	private static final List<Long> drops = new ArrayList<>();

	private static final List<Long> rejections = new ArrayList<>();

	@Test
	void invalidateWhenUpstreamAlsoRevokedThenOtherInstanceStopsAuthenticatingWithinTheBound() {
		List<Long> all = new ArrayList<>();
		List<Long> byUser = new ArrayList<>();
		List<Long> byCredential = new ArrayList<>();
		List<Long> bySession = new ArrayList<>();
		for (int i = 0; i < REPETITIONS; i++) {
			switch (i % 3) {
				case 0 -> byUser
					.add(propagation((session) -> instances.a().invalidator().invalidateUser(session.identityId())));
				case 1 -> byCredential
					.add(propagation((session) -> instances.a().invalidator().invalidateCredential(token(session))));
				default -> bySession
					.add(propagation((session) -> instances.a().invalidator().invalidateSession(session.sessionId())));
			}
		}
		all.addAll(byUser);
		all.addAll(byCredential);
		all.addAll(bySession);
		report("invalidateUser", byUser);
		report("invalidateCredential", byCredential);
		report("invalidateSession", bySession);
		report("all (stale window)", all);
		report("B near entry dropped", drops);
		report("B rejection returned", rejections);
		assertThat(percentile(all, 99)).as("p99 propagation in microseconds").isLessThan(250_000);
	}

	/**
	 * Cache a session on both instances (B holds it in its near cache), revoke it at the
	 * upstream, invalidate on A, and return the microseconds from the return of the
	 * invalidation until the first lookup on B that does not authenticate it began (the
	 * window in which B could still authenticate it). Also records when B's near entry
	 * was dropped and when B's rejecting lookup returned (it asks the upstream).
	 */
	private long propagation(Consumer<KratosSessionSpec> invalidation) {
		KratosSessionSpec session = instances.ory().registerSession();
		Credential token = token(session);
		String key = instances.b().entryKey(token);
		assertThat(instances.a().authenticates(token)).isTrue();
		assertThat(instances.b().authenticates(token)).isTrue();
		assertThat(instances.b().nearCache().get(key)).isNotNull();
		instances.ory().revokeSession(session.sessionId());
		invalidation.accept(session);
		long start = System.nanoTime();
		long deadline = start + Duration.ofSeconds(2).toNanos();
		long lookupStart;
		boolean dropped = false;
		while (true) {
			lookupStart = System.nanoTime();
			if (!dropped && instances.b().nearCache().get(key) == null) {
				dropped = true;
				drops.add((lookupStart - start) / 1000);
			}
			if (!instances.b().authenticates(token)) {
				break;
			}
			assertThat(System.nanoTime()).as("B still authenticates after 2 s").isLessThan(deadline);
			LockSupport.parkNanos(20_000);
		}
		rejections.add((System.nanoTime() - start) / 1000);
		return (lookupStart - start) / 1000;
	}

	@Test
	void invalidateCredentialWhenUpstreamStillActiveThenOtherInstanceDropsItsNearEntryAndAsksAgain() {
		KratosSessionSpec session = instances.ory().registerSession();
		Credential token = token(session);
		assertThat(instances.a().authenticates(token)).isTrue();
		assertThat(instances.b().authenticates(token)).isTrue();
		assertThat(instances.b().authenticates(token)).isTrue();
		assertThat(instances.ory().whoamiCalls()).isEqualTo(1);
		String key = instances.b().entryKey(token);
		assertThat(instances.b().nearCache().get(key)).isNotNull();
		instances.a().invalidator().invalidateCredential(token);
		await("B's near entry to be dropped", Duration.ofSeconds(1), () -> instances.b().nearCache().get(key) == null);
		assertThat(instances.b().authenticates(token)).isTrue();
		assertThat(instances.ory().whoamiCalls()).isEqualTo(2);
		assertThat(instances.b().authenticates(token)).isTrue();
		assertThat(instances.ory().whoamiCalls()).isEqualTo(2);
	}

	@Test
	void invalidateUserWhenUpstreamStillActiveThenOtherInstanceDropsItsNearEntryAndAsksAgain() {
		KratosSessionSpec session = instances.ory().registerSession();
		Credential token = token(session);
		assertThat(instances.a().authenticates(token)).isTrue();
		assertThat(instances.b().authenticates(token)).isTrue();
		String key = instances.b().entryKey(token);
		assertThat(instances.b().nearCache().get(key)).isNotNull();
		long applied = instances.b().subscriber().getReceived();
		instances.a().invalidator().invalidateUser(session.identityId());
		await("B's near entry to be dropped", Duration.ofSeconds(1), () -> instances.b().nearCache().get(key) == null);
		assertThat(instances.b().subscriber().getReceived()).isEqualTo(applied + 1);
		assertThat(instances.a().subscriber().getReceived()).as("A ignores its own messages").isZero();
		assertThat(instances.b().authenticates(token)).isTrue();
		assertThat(instances.ory().whoamiCalls()).isEqualTo(2);
	}

	private static Credential token(KratosSessionSpec session) {
		return new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
	}

	private static void report(String name, List<Long> micros) {
		System.out.printf("near-cache propagation %-26s n=%3d p50=%6.2f ms p99=%6.2f ms max=%6.2f ms%n", name,
				micros.size(), percentile(micros, 50) / 1000.0, percentile(micros, 99) / 1000.0,
				percentile(micros, 100) / 1000.0);
	}

	private static long percentile(List<Long> values, int percentile) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	static void await(String description, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("Timed out after %s waiting for %s", timeout, description)
				.isLessThan(deadline);
			LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
		}
	}

}
