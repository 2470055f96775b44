/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import io.github.authcache.credential.OryCredentialExtractor;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches requests that authenticate with a header a browser never sends by itself
 * ({@code X-Session-Token} or {@code Authorization: Bearer}). Such requests cannot be
 * forged cross-site, so they need no CSRF token; requests that rely on the session cookie
 * keep Spring Security's CSRF protection.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class ApiCredentialRequestMatcher implements RequestMatcher {

	@Override
	public boolean matches(HttpServletRequest request) {
		if (request.getHeader(OryCredentialExtractor.SESSION_TOKEN_HEADER) != null) {
			return true;
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
	}

}
