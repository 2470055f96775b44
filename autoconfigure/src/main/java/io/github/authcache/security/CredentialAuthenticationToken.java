/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;
import java.util.Collection;

import io.github.authcache.credential.Credential;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * An authentication request: the credential a request carries, and how fresh the route
 * needs its verdict to be. Its {@code toString()} never shows the credential.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class CredentialAuthenticationToken extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final transient Credential credential;

	private final @Nullable Duration maxAge;

	private final @Nullable String clientAddress;

	/**
	 * Create an authentication request.
	 * @param credential the credential
	 * @param maxAge the oldest cached verdict the route accepts, or {@code null} for any
	 * within its TTL
	 */
	public CredentialAuthenticationToken(Credential credential, @Nullable Duration maxAge) {
		this(credential, maxAge, null);
	}

	/**
	 * Create an authentication request of a client, held to its share of the identity
	 * provider calls.
	 * @param credential the credential
	 * @param maxAge the oldest cached verdict the route accepts, or {@code null} for any
	 * within its TTL
	 * @param clientAddress the client's address as the servlet container reports it, or
	 * {@code null} for a request of no client
	 */
	public CredentialAuthenticationToken(Credential credential, @Nullable Duration maxAge,
			@Nullable String clientAddress) {
		// null, not an empty list: Spring Security then copies nothing
		super((Collection<GrantedAuthority>) null);
		Assert.notNull(credential, "'credential' must not be null");
		this.credential = credential;
		this.maxAge = maxAge;
		this.clientAddress = clientAddress;
		setAuthenticated(false);
	}

	/**
	 * Return the credential.
	 * @return the credential
	 */
	public Credential getCredential() {
		return this.credential;
	}

	/**
	 * Return the oldest cached verdict the route accepts.
	 * @return the maximum age, or {@code null}
	 */
	public @Nullable Duration getMaxAge() {
		return this.maxAge;
	}

	/**
	 * Return the address of the client the request came from.
	 * @return the client address, or {@code null}
	 */
	public @Nullable String getClientAddress() {
		return this.clientAddress;
	}

	@Override
	public Credential getCredentials() {
		return this.credential;
	}

	@Override
	public Credential getPrincipal() {
		return this.credential;
	}

}
