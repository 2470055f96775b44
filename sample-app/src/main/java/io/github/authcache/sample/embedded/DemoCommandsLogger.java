/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample.embedded;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Logs ready-to-paste {@code curl} commands for the demo credentials once the application
 * is ready and its ports are known.
 *
 * @author authcache authors
 */
class DemoCommandsLogger implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(DemoCommandsLogger.class);

	private final DemoIdentityProvider demo;

	DemoCommandsLogger(DemoIdentityProvider demo) {
		this.demo = demo;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (logger.isInfoEnabled()) {
			logger.info(commands(event.getApplicationContext().getEnvironment()));
		}
	}

	String commands(Environment environment) {
		String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
		String managementPort = environment.getProperty("local.management.port", port);
		String app = "http://localhost:" + port;
		String management = "http://localhost:" + managementPort;
		String cookieName = this.demo.cookieName();
		String sessionToken = DemoIdentityProvider.SESSION_TOKEN;
		String cookie = DemoIdentityProvider.SESSION_COOKIE;
		String accessToken = DemoIdentityProvider.ACCESS_TOKEN;
		StringBuilder commands = new StringBuilder();
		commands.append("Demo identity provider ready; try:\n\n");
		commands.append("  # public, no credential (200)\n");
		commands.append("  curl -i ").append(app).append("/api/public\n");
		commands.append("  # no credential (401)\n");
		commands.append("  curl -i ").append(app).append("/api/me\n");
		commands.append("  # Kratos session token (200)\n");
		commands.append("  curl -i -H 'X-Session-Token: ")
			.append(sessionToken)
			.append("' ")
			.append(app)
			.append("/api/me\n");
		commands.append("  # Kratos session cookie (200)\n");
		commands.append("  curl -i -H 'Cookie: ")
			.append(cookieName)
			.append('=')
			.append(cookie)
			.append("' ")
			.append(app)
			.append("/api/me\n");
		commands.append("  # OAuth 2.0 access token, scopes read write (200)\n");
		commands.append("  curl -i -H 'Authorization: Bearer ")
			.append(accessToken)
			.append("' ")
			.append(app)
			.append("/api/me\n");
		commands.append("  # admin route: cached verdicts older than 10s are re-checked (200)\n");
		commands.append("  curl -i -H 'X-Session-Token: ")
			.append(sessionToken)
			.append("' ")
			.append(app)
			.append("/api/admin/me\n");
		commands.append(
				"  # revoke the access token by its JWT id: the blacklist rejects it from now on (204, then 401)\n");
		commands.append("  curl -i -X POST -H 'Authorization: Bearer ")
			.append(accessToken)
			.append("' ")
			.append(app)
			.append("/api/tokens/revoke\n");
		commands.append("  # revoke-all for the demo user, on every instance (204)\n");
		commands.append("  curl -i -X DELETE ")
			.append(management)
			.append("/actuator/authcache/users/")
			.append(DemoIdentityProvider.IDENTITY_ID)
			.append('\n');
		commands.append("  # logout with the session token, no CSRF token needed; ends the demo session (204)\n");
		commands.append("  curl -i -X POST -H 'X-Session-Token: ")
			.append(sessionToken)
			.append("' ")
			.append(app)
			.append("/logout\n");
		commands.append("  # logout with only the cookie and no CSRF token (403)\n");
		commands.append("  curl -i -X POST -H 'Cookie: ")
			.append(cookieName)
			.append('=')
			.append(cookie)
			.append("' ")
			.append(app)
			.append("/logout\n");
		commands.append("  # cache state and metrics (management port)\n");
		commands.append("  curl -s ").append(management).append("/actuator/authcache\n");
		commands.append("  curl -s ").append(management).append("/actuator/metrics/authcache.lookups\n");
		commands.append("  curl -s ").append(management).append("/actuator/prometheus | grep authcache_\n");
		return commands.toString();
	}

}
