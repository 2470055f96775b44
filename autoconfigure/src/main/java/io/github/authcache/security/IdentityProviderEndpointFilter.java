/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Base of the endpoints an identity provider calls to announce revocations (back-channel
 * logout, Shared Signals push, the Ory Network event stream): serves {@code POST}
 * requests to one path with {@code Cache-Control: no-store}, and passes every other
 * request on. Such a request carries no session and no CSRF token: a signature or a
 * shared secret authenticates it, so {@link AuthCacheConfigurer} exempts
 * {@link #getRequestMatcher()} from CSRF protection and adds the filter before the
 * authentication filter.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public abstract class IdentityProviderEndpointFilter extends OncePerRequestFilter {

	private final RequestMatcher requestMatcher;

	/**
	 * Create a filter serving the given path.
	 * @param path the endpoint's path
	 */
	protected IdentityProviderEndpointFilter(String path) {
		Assert.hasText(path, "'path' must not be empty");
		this.requestMatcher = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path);
	}

	/**
	 * Return the matcher of the endpoint's requests.
	 * @return the matcher
	 */
	public final RequestMatcher getRequestMatcher() {
		return this.requestMatcher;
	}

	@Override
	protected final void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.requestMatcher.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		handle(request, response);
	}

	/**
	 * Answer one request to the endpoint.
	 * @param request the request
	 * @param response the response
	 * @throws IOException when the request cannot be read or the answer written
	 */
	protected abstract void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;

}
