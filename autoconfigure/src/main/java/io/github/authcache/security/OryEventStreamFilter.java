/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;

import io.github.authcache.invalidation.RevocationFailedException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

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
public final class OryEventStreamFilter extends OncePerRequestFilter {

	/**
	 * The largest body read; an Ory event is a few hundred bytes.
	 */
	public static final int MAX_BODY_BYTES = 64 * 1024;

	private static final Log logger = LogFactory.getLog(OryEventStreamFilter.class);

	private final OryEventStreamHandler handler;

	private final RequestMatcher requestMatcher;

	/**
	 * Create a filter.
	 * @param handler the handler
	 */
	public OryEventStreamFilter(OryEventStreamHandler handler) {
		Assert.notNull(handler, "'handler' must not be null");
		this.handler = handler;
		this.requestMatcher = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, handler.getPath());
	}

	/**
	 * Return the matcher of the endpoint's requests.
	 * @return the matcher
	 */
	public RequestMatcher getRequestMatcher() {
		return this.requestMatcher;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.requestMatcher.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
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
