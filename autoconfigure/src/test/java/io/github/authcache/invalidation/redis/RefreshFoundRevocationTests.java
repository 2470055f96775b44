/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.test.ory.KratosSessionSpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a revocation found by a background refresh on one instance reaches the near
 * cache of another at once: two application contexts with near caches (30 s) and
 * refresh-ahead after 3 s (so that a slow warm-up never refreshes before the revocation)
 * share one real {@code redis-server} and an Ory stub.
 *
 * @author authcache authors
 */
class RefreshFoundRevocationTests {

	private static final Duration REFRESH_AFTER = Duration.ofSeconds(3);

	@RegisterExtension
	static final TwoInstances instances = new TwoInstances("authcache.upstream.read-timeout=10s",
			"authcache.near-cache.ttl=30s", "authcache.cache.refresh-after=" + REFRESH_AFTER.toMillis() + "ms");

	@BeforeAll
	static void warmUp() {
		// Warm both lookup paths up, so that the test's lookups follow each other closely
		Credential warmUp = new Credential(CredentialType.SESSION_TOKEN,
				instances.ory().registerSession().requiredToken());
		assertThat(instances.a().authenticates(warmUp) && instances.b().authenticates(warmUp)).isTrue();
	}

	@Test
	void refreshWhenSessionRevokedAtProviderThenOtherInstanceDropsItsNearCopyAndRefusesWithoutAskingUpstream()
			throws InterruptedException {
		KratosSessionSpec session = instances.ory().registerSession();
		Credential token = new Credential(CredentialType.SESSION_TOKEN, session.requiredToken());
		String key = instances.b().entryKey(token);
		assertThat(instances.a().authenticates(token)).isTrue();
		assertThat(instances.b().authenticates(token)).isTrue();
		assertThat(instances.b().nearCache().get(key)).as("B holds the verdict in its near cache").isNotNull();
		instances.ory().revokeSession(session.sessionId());
		// Let the entry grow older than refresh-after: the next hit re-checks it
		Thread.sleep(REFRESH_AFTER.plusMillis(100).toMillis());
		assertThat(instances.ory().whoamiCalls()).as("no refresh before the revocation").isEqualTo(1);
		assertThat(instances.a().authenticates(token)).as("answered from the cache while the refresh runs").isTrue();
		Awaitility.await("the refresh to ask the provider")
			.atMost(Duration.ofSeconds(5))
			.until(() -> instances.ory().whoamiCalls() == 2);
		Awaitility.await("B's near copy to be dropped")
			.atMost(Duration.ofSeconds(5))
			.until(() -> instances.b().nearCache().get(key) == null);
		assertThat(instances.b().authenticates(token)).isFalse();
		assertThat(instances.a().authenticates(token)).isFalse();
		assertThat(instances.ory().whoamiCalls()).as("the negative entry answered both").isEqualTo(2);
	}

}
