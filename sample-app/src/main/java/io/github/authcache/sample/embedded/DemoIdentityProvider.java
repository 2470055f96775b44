/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample.embedded;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;

/**
 * The demo identity provider: an {@link OryStub} that answers like Ory Kratos and Hydra,
 * 30 to 50 ms slower than a cache hit, and knows one demo user with a session (token and
 * cookie) and an access token. The demo credentials are fixed, so the commands in the
 * README work unchanged; they are only ever accepted by this stub.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class DemoIdentityProvider implements AutoCloseable {

	/**
	 * Kratos identity id of the demo user, also the {@code sub} of the demo access token.
	 */
	public static final String IDENTITY_ID = "9f0c2a6e-8d0b-4c53-9a84-3f5d6f1e2b7a";

	/**
	 * Kratos session id of the demo session.
	 */
	public static final String SESSION_ID = "5b1e7c3a-2f4d-4e8b-b6a1-0c9d8e7f6a5b";

	/**
	 * Session token of the demo session ({@code X-Session-Token}).
	 */
	public static final String SESSION_TOKEN = "ory_st_DemoSessionTokenForAuthcache0001";

	/**
	 * Session cookie value of the demo session.
	 */
	public static final String SESSION_COOKIE = "MTc4MDAwMDAwMHxkZW1vLXNlc3Npb24tY29va2llLW9mLXRoZS1hdXRoY2FjaGUtc2FtcGxlfG5vdC1hLXJlYWwtc2VjdXJlY29va2ll";

	/**
	 * Opaque access token of the demo user ({@code Authorization: Bearer}).
	 */
	public static final String ACCESS_TOKEN = "ory_at_DemoAccessTokenOfTheAuthcacheSample.DemoSignatureNotIssuedByHydra";

	/**
	 * JWT id ({@code jti}) of the demo access token, for the JTI blacklist demo. Hydra's
	 * own opaque tokens carry none; RFC 7662 servers such as Spring Authorization Server
	 * do.
	 */
	public static final String ACCESS_TOKEN_JTI = "demo-access-token-jti";

	/**
	 * OAuth 2.0 client id the demo access token was issued to.
	 */
	public static final String CLIENT_ID = "authcache-sample";

	private static final Duration LIFESPAN = Duration.ofHours(24);

	private final OryStub stub;

	private final KratosSessionSpec session;

	private final OAuth2TokenSpec accessToken;

	private DemoIdentityProvider(OryStub stub, KratosSessionSpec session, OAuth2TokenSpec accessToken) {
		this.stub = stub;
		this.session = session;
		this.accessToken = accessToken;
	}

	/**
	 * Start the demo identity provider on a free loopback port.
	 * @param sessionCookieName the name of the Kratos session cookie
	 * @return the running provider
	 */
	public static DemoIdentityProvider start(String sessionCookieName) {
		OryStub stub = OryStub.builder()
			.sessionCookieName(sessionCookieName)
			.latency(Duration.ofMillis(30), Duration.ofMillis(50))
			.start();
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Map<String, Object> traits = new LinkedHashMap<>();
		traits.put("email", "demo@example.org");
		traits.put("name", "Demo User");
		KratosSessionSpec session = stub.registerSession(KratosSessionSpec.builder()
			.identityId(IDENTITY_ID)
			.sessionId(SESSION_ID)
			.token(SESSION_TOKEN)
			.cookieValues(SESSION_COOKIE)
			.authenticatedAt(now)
			.expiresAt(now.plus(LIFESPAN))
			.traits(traits)
			.build());
		OAuth2TokenSpec accessToken = stub.registerToken(OAuth2TokenSpec.builder()
			.token(ACCESS_TOKEN)
			.subject(IDENTITY_ID)
			.clientId(CLIENT_ID)
			.scopes("read", "write")
			.jti(ACCESS_TOKEN_JTI)
			.issuedAt(now)
			.expiresAt(now.plus(LIFESPAN))
			.build());
		return new DemoIdentityProvider(stub, session, accessToken);
	}

	/**
	 * Return the stub, to register more sessions and tokens or read its counters.
	 * @return the stub
	 */
	public OryStub stub() {
		return this.stub;
	}

	/**
	 * Return the demo session.
	 * @return the session
	 */
	public KratosSessionSpec session() {
		return this.session;
	}

	/**
	 * Return the demo access token.
	 * @return the access token
	 */
	public OAuth2TokenSpec accessToken() {
		return this.accessToken;
	}

	/**
	 * Stop the stub.
	 */
	@Override
	public void close() {
		this.stub.close();
	}

	@Override
	public String toString() {
		return "DemoIdentityProvider[" + this.stub.baseUrl() + "]";
	}

}
