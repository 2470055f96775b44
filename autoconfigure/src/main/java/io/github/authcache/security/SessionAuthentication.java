/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.util.Assert;

/**
 * An authenticated login session. The principal is a {@link SessionPrincipal}; the
 * credential is not kept.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class SessionAuthentication extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final SessionPrincipal principal;

	private final transient List<String> setCookies;

	/**
	 * Create an authenticated session.
	 * @param principal the principal
	 * @param setCookies {@code Set-Cookie} values the upstream sent, to relay to the
	 * client
	 */
	public SessionAuthentication(SessionPrincipal principal, List<String> setCookies) {
		super(principal.getAuthorities());
		Assert.notNull(principal, "'principal' must not be null");
		this.principal = principal;
		this.setCookies = List.copyOf(setCookies);
		setAuthenticated(true);
	}

	@Override
	public SessionPrincipal getPrincipal() {
		return this.principal;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	/**
	 * Return the {@code Set-Cookie} values the upstream sent on this lookup (a refreshed
	 * session cookie). The filter relays them to the client.
	 * @return the header values, usually none
	 */
	public List<String> getSetCookies() {
		return this.setCookies;
	}

}
