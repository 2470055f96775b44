/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.keycloak;

import java.time.Duration;

/**
 * The realm {@link KeycloakServer} sets up: its name, clients and users.
 * <ul>
 * <li>{@link #RESOURCE_SERVER}: a confidential client with no grant of its own, the
 * resource server that introspects tokens (what {@code authcache.introspection.client-id}
 * names).</li>
 * <li>{@link #WEB_APP}: a confidential client with the password grant (direct access
 * grants) for {@link #USER} and {@link #OTHER_USER}; its audience mapper puts
 * {@link #RESOURCE_SERVER} into the audience of its access tokens and ID tokens (Keycloak
 * 26.6+ answers {@code active: false} to a resource server that is not in the audience).
 * Its back-channel logout URL is set with
 * {@link KeycloakServer#setBackChannelLogoutUrl(String)}.</li>
 * <li>{@link #BATCH_JOB}: a service-account client (client-credentials grant) with the
 * same audience mapper.</li>
 * <li>{@link #SHORT_LIVED_JOB}: like {@link #BATCH_JOB}, but its access tokens live
 * {@link #SHORT_LIFESPAN}.</li>
 * </ul>
 * Events are enabled for {@code INTROSPECT_TOKEN} and {@code INTROSPECT_TOKEN_ERROR}:
 * every introspection call is one event.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class KeycloakRealm {

	/**
	 * Name of the realm.
	 */
	public static final String NAME = "authcache";

	/**
	 * Client id of the resource server (the introspecting client).
	 */
	public static final String RESOURCE_SERVER = "authcache-rs";

	/**
	 * Secret of {@link #RESOURCE_SERVER}.
	 */
	public static final String RESOURCE_SERVER_SECRET = "authcache-rs-secret";

	/**
	 * Client id of the application that logs users in with the password grant.
	 */
	public static final String WEB_APP = "web-app";

	/**
	 * Secret of {@link #WEB_APP}.
	 */
	public static final String WEB_APP_SECRET = "web-app-secret";

	/**
	 * Client id of the service-account client.
	 */
	public static final String BATCH_JOB = "batch-job";

	/**
	 * Secret of {@link #BATCH_JOB}.
	 */
	public static final String BATCH_JOB_SECRET = "batch-job-secret";

	/**
	 * Client id of the service-account client whose access tokens are short-lived.
	 */
	public static final String SHORT_LIVED_JOB = "short-lived-job";

	/**
	 * Secret of {@link #SHORT_LIVED_JOB}.
	 */
	public static final String SHORT_LIVED_JOB_SECRET = "short-lived-job-secret";

	/**
	 * Lifespan of the access tokens of {@link #SHORT_LIVED_JOB}: short, yet long enough
	 * for a token to be used once on a loaded machine (3 seconds were not).
	 */
	public static final Duration SHORT_LIFESPAN = Duration.ofSeconds(10);

	/**
	 * User name of the user the tests log in.
	 */
	public static final String USER = "alice";

	/**
	 * User name of a second user.
	 */
	public static final String OTHER_USER = "bob";

	private KeycloakRealm() {
	}

	/**
	 * Return the password of one of the realm's users.
	 * @param username {@link #USER} or {@link #OTHER_USER}
	 * @return the password
	 */
	public static String password(String username) {
		return username + "-password";
	}

}
