/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.credential;

import java.util.EnumSet;
import java.util.Set;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

/**
 * Extracts credentials the way Ory Kratos reads them, in Kratos's own order of
 * precedence: the {@code X-Session-Token} header, then the session cookie, then
 * {@code Authorization: Bearer}. A bearer value that starts with the session token prefix
 * ({@code ory_st_}) is a Kratos session token; any other bearer value is an OAuth 2.0
 * access token. {@code Authorization: DPoP} carries an access token bound to a key (RFC
 * 9449): the credential {@link Credential#isDPoP() says so}, and the proof in the
 * {@code DPoP} header is checked once the token is known. Only the enabled credential
 * types are extracted; a request carrying another type is left to the rest of the filter
 * chain.
 * <p>
 * Every value is checked before it goes anywhere: values longer than the size limit (4
 * KiB by default) or outside the token syntax of RFC 6750 (cookie values: RFC 6265) raise
 * {@link MalformedCredentialException}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class OryCredentialExtractor implements CredentialExtractor {

	/**
	 * Header that carries a Kratos session token.
	 */
	public static final String SESSION_TOKEN_HEADER = "X-Session-Token";

	private static final String BEARER = "Bearer";

	private static final String DPOP = "DPoP";

	private final Set<CredentialType> enabledTypes;

	private String cookieName = "ory_kratos_session";

	private String sessionTokenPrefix = "ory_st_";

	private int maxLength = 4096;

	/**
	 * Create an extractor for the given credential types.
	 * @param enabledTypes the credential types to extract
	 */
	public OryCredentialExtractor(Set<CredentialType> enabledTypes) {
		Assert.notEmpty(enabledTypes, "'enabledTypes' must not be empty");
		this.enabledTypes = EnumSet.copyOf(enabledTypes);
	}

	/**
	 * Set the name of the Kratos session cookie. Defaults to {@code ory_kratos_session}.
	 * @param cookieName the cookie name
	 */
	public void setCookieName(String cookieName) {
		Assert.hasText(cookieName, "'cookieName' must not be empty");
		this.cookieName = cookieName;
	}

	/**
	 * Set the prefix that marks a bearer value as a Kratos session token. Defaults to
	 * {@code ory_st_}.
	 * @param sessionTokenPrefix the prefix
	 */
	public void setSessionTokenPrefix(String sessionTokenPrefix) {
		Assert.hasText(sessionTokenPrefix, "'sessionTokenPrefix' must not be empty");
		this.sessionTokenPrefix = sessionTokenPrefix;
	}

	/**
	 * Set the longest credential accepted, in characters. Defaults to 4096.
	 * @param maxLength the size limit
	 */
	public void setMaxLength(int maxLength) {
		Assert.isTrue(maxLength > 0, "'maxLength' must be positive");
		this.maxLength = maxLength;
	}

	@Override
	public @Nullable Credential extract(HttpServletRequest request) {
		// A disabled type is not even read: behind Spring Security's firewall each header
		// read is checked with a regular expression, and cookies are parsed on first use
		String sessionToken = isEnabled(CredentialType.SESSION_TOKEN) ? request.getHeader(SESSION_TOKEN_HEADER) : null;
		if (sessionToken != null && !sessionToken.isEmpty()) {
			return checked(CredentialType.SESSION_TOKEN, sessionToken, false);
		}
		String cookie = isEnabled(CredentialType.SESSION_COOKIE) ? cookieValue(request) : null;
		if (cookie != null) {
			return checked(CredentialType.SESSION_COOKIE, cookie, false);
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		String dpop = credentialOf(authorization, DPOP);
		if (dpop != null) {
			return isEnabled(CredentialType.ACCESS_TOKEN) ? checked(CredentialType.ACCESS_TOKEN, dpop, true) : null;
		}
		String bearer = credentialOf(authorization, BEARER);
		if (bearer == null) {
			return null;
		}
		CredentialType type = bearer.startsWith(this.sessionTokenPrefix) ? CredentialType.SESSION_TOKEN
				: CredentialType.ACCESS_TOKEN;
		return isEnabled(type) ? checked(type, bearer, false) : null;
	}

	private boolean isEnabled(CredentialType type) {
		return this.enabledTypes.contains(type);
	}

	private @Nullable String cookieValue(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (this.cookieName.equals(cookie.getName())) {
				return cookie.getValue();
			}
		}
		return null;
	}

	private static @Nullable String credentialOf(@Nullable String authorization, String scheme) {
		int schemeEnd = scheme.length();
		if (authorization == null || !authorization.regionMatches(true, 0, scheme, 0, schemeEnd)
				|| (authorization.length() > schemeEnd && authorization.charAt(schemeEnd) != ' ')) {
			return null;
		}
		if (authorization.length() <= schemeEnd + 1 || authorization.indexOf(' ', schemeEnd + 1) != -1) {
			throw new MalformedCredentialException(CredentialType.ACCESS_TOKEN, scheme + " authorization is malformed");
		}
		return authorization.substring(schemeEnd + 1);
	}

	private Credential checked(CredentialType type, String value, boolean dpop) {
		if (value.length() > this.maxLength) {
			throw new MalformedCredentialException(type, "Credential is longer than " + this.maxLength + " characters");
		}
		boolean valid = (type == CredentialType.SESSION_COOKIE) ? CredentialSyntax.isCookieValue(value)
				: CredentialSyntax.isToken(value);
		if (!valid) {
			throw new MalformedCredentialException(type, "Credential is not of the syntax of a " + describe(type));
		}
		return new Credential(type, value, dpop);
	}

	private static String describe(CredentialType type) {
		return (type == CredentialType.SESSION_COOKIE) ? "cookie value" : "token";
	}

}
