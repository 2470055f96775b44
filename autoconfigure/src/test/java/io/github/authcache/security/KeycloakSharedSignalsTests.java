/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.github.authcache.test.keycloak.KeycloakRealm;
import io.github.authcache.test.keycloak.KeycloakServer;
import io.github.authcache.test.keycloak.KeycloakSharedSignals;
import io.github.authcache.test.keycloak.KeycloakTokens;
import io.github.authcache.test.redis.RedisServer;
import io.github.authcache.testing.KeycloakIntegrationTests;
import io.github.authcache.testing.WebInstance;
import io.github.authcache.testing.WebInstanceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared Signals (SSF 1.0, CAEP 1.0) from a real Keycloak started with the {@code ssf}
 * feature (a server of this class's own: the one the other Keycloak tests share runs
 * without it): a user logging out of a session at Keycloak becomes a CAEP
 * {@code session-revoked} event, which two application instances on one Redis poll (RFC
 * 8936, with access tokens of the receiver's client that each obtains by the client
 * credentials grant) and which ends the session's cached verdicts on both; an
 * administrator's sign-out of a user ends every session of the user. A third instance, on
 * a Redis of its own and without polling, gets the same event pushed by Keycloak (RFC
 * 8935) to its {@code /ssf/events}.
 *
 * @author authcache authors
 */
class KeycloakSharedSignalsTests {

	private static final String POLLER = "authCacheSharedSignalsPoller";

	private static final RedisServer redis = RedisServer.startDefault();

	private static KeycloakServer keycloak;

	private static KeycloakSharedSignals receiver;

	// Registered first, so that it runs after the applications stopped
	@RegisterExtension
	static final AfterAllCallback stopKeycloak = (context) -> {
		if (keycloak != null) {
			keycloak.close();
		}
	};

	@RegisterExtension
	static final WebInstanceExtension first = new WebInstanceExtension(KeycloakSharedSignalsTests::properties);

	@RegisterExtension
	static final WebInstanceExtension second = new WebInstanceExtension(KeycloakSharedSignalsTests::properties);

	@Test
	void logoutAtKeycloakEndsTheSessionsCachedVerdictsOnBothInstancesWhenPolled() {
		KeycloakTokens login = keycloak.passwordGrant(KeycloakRealm.USER);
		String otherSession = keycloak.passwordGrant(KeycloakRealm.USER).accessToken();
		keycloak.resetIntrospectionCount();
		for (WebInstance instance : instances()) {
			assertThat(instance.me(login.accessToken()).statusCode()).isEqualTo(200);
			assertThat(instance.me(otherSession).statusCode()).isEqualTo(200);
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(2);
		pollers().forEach(Lifecycle::stop);
		keycloak.logOut(login.requiredRefreshToken());
		assertThat(keycloak.introspect(login.accessToken()).path("active").asBoolean()).isFalse();
		for (WebInstance instance : instances()) {
			assertThat(instance.me(login.accessToken()).statusCode()).isEqualTo(200);
		}
		assertThat(keycloak.introspectionCount()).isEqualTo(3);
		pollers().forEach(Lifecycle::start);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (WebInstance instance : instances()) {
				assertThat(instance.me(login.accessToken()).statusCode()).isEqualTo(401);
			}
		});
		for (WebInstance instance : instances()) {
			assertThat(instance.me(otherSession).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void adminSignOutOfAUserAtKeycloakEndsAllItsSessionsCachedVerdictsOnBothInstances() {
		String oneSession = keycloak.passwordGrant(KeycloakRealm.OTHER_USER).accessToken();
		String anotherSession = keycloak.passwordGrant(KeycloakRealm.OTHER_USER).accessToken();
		String otherUser = keycloak.passwordGrant(KeycloakRealm.USER).accessToken();
		for (WebInstance instance : instances()) {
			for (String token : List.of(oneSession, anotherSession, otherUser)) {
				assertThat(instance.me(token).statusCode()).isEqualTo(200);
			}
		}
		keycloak.logOutUser(KeycloakRealm.OTHER_USER);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (WebInstance instance : instances()) {
				assertThat(instance.me(oneSession).statusCode()).isEqualTo(401);
				assertThat(instance.me(anotherSession).statusCode()).isEqualTo(401);
			}
		});
		for (WebInstance instance : instances()) {
			assertThat(instance.me(otherUser).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void logoutAtKeycloakEndsTheSessionsCachedVerdictWhenPushed() throws IOException {
		int port = freePort();
		KeycloakSharedSignals pushed = KeycloakSharedSignals.registerPushReceiver(keycloak,
				URI.create("http://127.0.0.1:" + port + "/ssf/events"));
		// A Redis of its own and no poll: only Keycloak's push can tell this instance
		// within the 30 s
		try (RedisServer ownRedis = RedisServer.startDefault();
				WebInstance instance = WebInstance.start(KeycloakIntegrationTests.introspectionProperties(keycloak,
						ownRedis, "server.port=" + port, "authcache.shared-signals.enabled=true",
						// No background re-check either: cached for the whole TTL (60 s)
						"authcache.cache.refresh-after=0", "authcache.shared-signals.issuer=" + pushed.issuer(),
						"authcache.shared-signals.jwk-set-uri=" + pushed.jwkSetUri(),
						"authcache.shared-signals.audience=" + pushed.audience()))) {
			KeycloakTokens login = keycloak.passwordGrant(KeycloakRealm.USER);
			String otherSession = keycloak.passwordGrant(KeycloakRealm.USER).accessToken();
			assertThat(instance.me(login.accessToken()).statusCode()).isEqualTo(200);
			assertThat(instance.me(otherSession).statusCode()).isEqualTo(200);
			keycloak.logOut(login.requiredRefreshToken());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(instance.me(login.accessToken()).statusCode()).isEqualTo(401));
			assertThat(instance.me(otherSession).statusCode()).isEqualTo(200);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static synchronized List<String> properties() {
		if (keycloak == null) {
			keycloak = KeycloakServer.startWithOptions("--features=ssf",
					// Push to this machine's http URLs
					"--spi-ssf-transmitter--default--allow-insecure-push-targets=true");
			receiver = KeycloakSharedSignals.registerPollReceiver(keycloak);
		}
		return KeycloakIntegrationTests.introspectionProperties(keycloak, redis, "authcache.near-cache.enabled=true",
				"authcache.shared-signals.enabled=true", "authcache.shared-signals.issuer=" + receiver.issuer(),
				"authcache.shared-signals.jwk-set-uri=" + receiver.jwkSetUri(),
				"authcache.shared-signals.audience=" + receiver.audience(),
				"authcache.shared-signals.poll.endpoint=" + receiver.endpoint(),
				"authcache.shared-signals.poll.client-id=" + KeycloakSharedSignals.RECEIVER,
				"authcache.shared-signals.poll.client-secret=" + KeycloakSharedSignals.RECEIVER_SECRET,
				"authcache.shared-signals.poll.token-uri=" + receiver.tokenUri(),
				"authcache.shared-signals.poll.interval=1s");
	}

	private static List<Lifecycle> pollers() {
		return List.of(first.get().bean(POLLER, Lifecycle.class), second.get().bean(POLLER, Lifecycle.class));
	}

	private static WebInstance[] instances() {
		return new WebInstance[] { first.get(), second.get() };
	}

}
