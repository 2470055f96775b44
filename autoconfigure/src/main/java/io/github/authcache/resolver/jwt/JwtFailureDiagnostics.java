/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Explains refused JWTs without flooding the log: each refusal at DEBUG (the reason,
 * never the token), and at most one WARN a minute while the issuer or audience check
 * refuses tokens and none has been accepted for a minute, which is what a misconfigured
 * issuer or audience looks like.
 *
 * @author authcache authors
 */
final class JwtFailureDiagnostics {

	private static final Log logger = LogFactory.getLog(JwtAccessTokenResolver.class);

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final Clock clock;

	private volatile Instant lastAccepted = Instant.EPOCH;

	private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);

	JwtFailureDiagnostics(Clock clock) {
		this.clock = clock;
	}

	void accepted() {
		this.lastAccepted = this.clock.instant();
	}

	void refused(JwtException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused a JWT: " + ex.getMessage());
		}
		String claimFailure = issuerOrAudienceFailure(ex);
		if (claimFailure == null) {
			return;
		}
		Instant now = this.clock.instant();
		Instant last = this.lastWarning.get();
		if (this.lastAccepted.plus(WINDOW).isBefore(now) && last.plus(WINDOW).isBefore(now)
				&& this.lastWarning.compareAndSet(last, now)) {
			logger.warn("No JWT has passed the issuer and audience checks for a minute (the last one: " + claimFailure
					+ "); check authcache.jwt.issuer and authcache.jwt.required-audiences against the iss and aud "
					+ "of the tokens the identity provider issues");
		}
	}

	private static @Nullable String issuerOrAudienceFailure(JwtException ex) {
		if (ex instanceof JwtValidationException validation) {
			for (OAuth2Error error : validation.getErrors()) {
				String description = error.getDescription();
				if (description != null && (description.contains("iss claim") || description.contains("aud claim"))) {
					return description;
				}
			}
		}
		return null;
	}

}
