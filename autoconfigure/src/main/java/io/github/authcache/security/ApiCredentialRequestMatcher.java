/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;

import io.github.authcache.credential.CredentialExtractor;
import io.github.authcache.credential.MalformedCredentialException;
import io.github.authcache.credential.OryCredentialExtractor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Matches requests that need no CSRF token because they cannot be forged cross-site: the
 * credential extractor reads a credential from a header a browser never sends by itself
 * ({@code X-Session-Token}, or an {@code Authorization} scheme the extractor reads, such
 * as {@code Bearer}), and the request carries no session cookie. The presence of a header
 * is not enough: a cookie request with an empty {@code X-Session-Token} or a junk
 * {@code Authorization} header is still authenticated by its cookie, and an
 * {@code Authorization} scheme the extractor does not read ({@code Basic},
 * {@code Negotiate}: a browser attaches those by itself) is no credential of authcache's.
 * Either keeps Spring Security's CSRF protection.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class ApiCredentialRequestMatcher implements RequestMatcher {

	private static final Set<String> CREDENTIAL_HEADERS = Set.of(OryCredentialExtractor.SESSION_TOKEN_HEADER,
			HttpHeaders.AUTHORIZATION);

	private final CredentialExtractor credentialExtractor;

	/**
	 * Create a matcher.
	 * @param credentialExtractor the extractor that tells which credential a request uses
	 */
	public ApiCredentialRequestMatcher(CredentialExtractor credentialExtractor) {
		Assert.notNull(credentialExtractor, "'credentialExtractor' must not be null");
		this.credentialExtractor = credentialExtractor;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		return CREDENTIAL_HEADERS.stream().anyMatch((name) -> request.getHeader(name) != null)
				&& carriesHeaderCredentialOnly(request);
	}

	/**
	 * Whether the extractor reads a credential from the request, and none from it without
	 * its credential headers: then the one it is authenticated with came from a header. A
	 * cookie that cannot be read counts as a cookie; a header of a scheme the extractor
	 * reads that cannot be read counts as a header credential (the filter rejects it).
	 * @param request the request
	 * @return whether its only credential is in a header
	 */
	private boolean carriesHeaderCredentialOnly(HttpServletRequest request) {
		try {
			if (this.credentialExtractor.extract(new WithoutCredentialHeaders(request)) != null) {
				return false;
			}
		}
		catch (MalformedCredentialException ex) {
			return false;
		}
		try {
			return this.credentialExtractor.extract(request) != null;
		}
		catch (MalformedCredentialException ex) {
			return true;
		}
	}

	/**
	 * The request as a browser could send it cross-site: without the credential headers.
	 */
	private static final class WithoutCredentialHeaders extends HttpServletRequestWrapper {

		WithoutCredentialHeaders(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return isCredentialHeader(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return isCredentialHeader(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		private static boolean isCredentialHeader(String name) {
			return CREDENTIAL_HEADERS.stream().anyMatch(name::equalsIgnoreCase);
		}

	}

}
