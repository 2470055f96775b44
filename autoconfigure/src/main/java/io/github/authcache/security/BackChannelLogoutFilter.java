/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.github.authcache.invalidation.RevocationFailedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.Assert;

/**
 * The back-channel logout endpoint: answers {@code POST} requests to its path with a
 * {@code logout_token} form value. 200 when the token verified and the session was
 * dropped, 400 when it did not verify or was used before (logged with the reason, never
 * the token: at DEBUG, and at WARN at most once a minute), 503 when the identity
 * provider's keys could not be fetched or the revocation could not be recorded (so the
 * identity provider may retry). Added by {@link AuthCacheConfigurer} when a
 * {@link BackChannelLogoutHandler} bean exists.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class BackChannelLogoutFilter extends IdentityProviderEndpointFilter {

	private static final Log logger = LogFactory.getLog(BackChannelLogoutFilter.class);

	private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

	private final BackChannelLogoutHandler handler;

	private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);

	/**
	 * Create a filter.
	 * @param handler the handler
	 * @param path the endpoint's path, for example {@code /backchannel-logout}
	 */
	public BackChannelLogoutFilter(BackChannelLogoutHandler handler, String path) {
		super(path);
		Assert.notNull(handler, "'handler' must not be null");
		this.handler = handler;
	}

	@Override
	protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String logoutToken = request.getParameter("logout_token");
		if (logoutToken == null || logoutToken.isEmpty()) {
			EndpointErrors.write(response, HttpStatus.BAD_REQUEST, "invalid_request");
			return;
		}
		try {
			this.handler.logout(logoutToken);
			response.setStatus(HttpStatus.OK.value());
		}
		catch (BadJwtException ex) {
			refused(ex);
			EndpointErrors.write(response, HttpStatus.BAD_REQUEST, "invalid_request");
		}
		catch (JwtException ex) {
			logger.warn("A back-channel logout token could not be verified (the identity provider's keys could not "
					+ "be fetched): " + ex.getMessage());
			EndpointErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable");
		}
		catch (RevocationFailedException ex) {
			logger.warn("A back-channel logout could not be recorded", ex);
			EndpointErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable");
		}
	}

	/**
	 * Log a refused token: the reason only (the token itself is a credential), at DEBUG,
	 * and at WARN at most once per {@link #WARNING_INTERVAL} so that anyone able to POST
	 * cannot flood the log.
	 * @param ex why the token was refused
	 */
	private void refused(BadJwtException ex) {
		String message = "Refused a back-channel logout token: " + ex.getMessage();
		Instant now = Instant.now();
		Instant last = this.lastWarning.get();
		if (last.plus(WARNING_INTERVAL).isBefore(now) && this.lastWarning.compareAndSet(last, now)) {
			logger.warn(message + " (further refusals within " + WARNING_INTERVAL.toMinutes()
					+ " minute are logged at DEBUG)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message);
		}
	}

}
