/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;

import io.github.authcache.invalidation.RevocationFailedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * The endpoint of an Ory Network live event stream (HTTPS delivery): answers {@code POST}
 * requests to its path with one JSON event. 200 when the event was applied, ignored or
 * seen before; 401 when the request does not present the shared secret; 400 when the body
 * is not an event (Ory counts both as failed deliveries); 503 when the revocation could
 * not be recorded, so that Ory retries. Nothing is revoked unless the answer is 200 or
 * 503. Added by {@link AuthCacheConfigurer} when an {@link OryEventStreamHandler} bean
 * exists.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class OryEventStreamFilter extends IdentityProviderEndpointFilter {

	/**
	 * The largest body read; an Ory event is a few hundred bytes.
	 */
	public static final int MAX_BODY_BYTES = 64 * 1024;

	private static final Log logger = LogFactory.getLog(OryEventStreamFilter.class);

	private final OryEventStreamHandler handler;

	/**
	 * Create a filter.
	 * @param handler the handler
	 */
	public OryEventStreamFilter(OryEventStreamHandler handler) {
		super(handler.getPath());
		this.handler = handler;
	}

	@Override
	protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!this.handler.isAuthenticated(request)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ory-event-stream\"");
			EndpointErrors.write(response, HttpStatus.UNAUTHORIZED, "invalid_client");
			return;
		}
		byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
		try {
			Assert.isTrue(body.length <= MAX_BODY_BYTES, "The body is larger than an event");
			this.handler.handle(body);
			response.setStatus(HttpStatus.OK.value());
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Refused an Ory event: " + ex.getMessage());
			EndpointErrors.write(response, HttpStatus.BAD_REQUEST, "invalid_request");
		}
		catch (RevocationFailedException ex) {
			logger.warn("An Ory event's revocation could not be recorded", ex);
			EndpointErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable");
		}
	}

}
