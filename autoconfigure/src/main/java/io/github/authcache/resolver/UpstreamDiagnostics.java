/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * Explains an upstream answer that points at a configuration error, at WARN and at most
 * once a minute per cause, so a wrong client secret or a missing audience mapper shows in
 * the log without flooding it. Never logs a credential.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class UpstreamDiagnostics {

	private static final Log logger = LogFactory.getLog(UpstreamDiagnostics.class);

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	private final ConcurrentMap<String, Instant> lastLogged = new ConcurrentHashMap<>();

	private final Clock clock;

	/**
	 * Create diagnostics on the UTC system clock.
	 */
	public UpstreamDiagnostics() {
		this(Clock.systemUTC());
	}

	UpstreamDiagnostics(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	/**
	 * Log a warning unless one for the same cause was logged in the last minute.
	 * @param cause what the warning is about, the rate-limiting key
	 * @param message the message, built only when it is logged
	 */
	public void warn(String cause, Supplier<String> message) {
		Instant now = this.clock.instant();
		Instant previous = this.lastLogged.get(cause);
		if (previous != null && previous.plus(INTERVAL).isAfter(now)) {
			return;
		}
		boolean claimed = (previous != null) ? this.lastLogged.replace(cause, previous, now)
				: this.lastLogged.putIfAbsent(cause, now) == null;
		if (claimed) {
			logger.warn(message.get());
		}
	}

	/**
	 * Return the exception for an upstream that refused the starter's own credentials
	 * (HTTP 401 or 403), and log it at WARN with the settings to check.
	 * @param response the response
	 * @param upstreamName the upstream's name
	 * @param settings the properties that hold the credentials
	 * @return the exception
	 */
	public UpstreamMisconfiguredException rejectedCredentials(HttpResponse<?> response, String upstreamName,
			String settings) {
		UpstreamMisconfiguredException ex = new UpstreamMisconfiguredException(upstreamName + " answered HTTP "
				+ response.statusCode() + " to the credentials authcache authenticates with", settings);
		warn(upstreamName + " " + response.statusCode(), ex::getMessage);
		return ex;
	}

}
