/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.kratos.KratosAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * The principal of an authenticated login session (a Kratos session cookie or session
 * token). Its name is the identity id; it also exposes the session id, the authenticator
 * assurance level, the expiry and the identity's traits. It is an
 * {@link OAuth2AuthenticatedPrincipal}, so code can read sessions and bearer tokens alike
 * with {@code @AuthenticationPrincipal OAuth2AuthenticatedPrincipal}. Its authorities
 * include the session's factors ({@link KratosFactorAuthorities}).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class SessionPrincipal implements OAuth2AuthenticatedPrincipal, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String identityId;

	private final @Nullable String sessionId;

	private final @Nullable Instant expiresAt;

	private final transient Map<String, Object> attributes;

	private final transient List<GrantedAuthority> authorities;

	/**
	 * Create a principal from a resolved identity.
	 * @param identity the identity
	 */
	public SessionPrincipal(Identity identity) {
		this.identityId = identity.subject();
		this.sessionId = identity.sessionId();
		this.expiresAt = identity.expiresAt();
		this.attributes = identity.attributes();
		List<GrantedAuthority> factors = KratosFactorAuthorities.of(identity);
		List<GrantedAuthority> authorities = new ArrayList<>(identity.authorities().size() + factors.size());
		for (String authority : identity.authorities()) {
			authorities.add(new SimpleGrantedAuthority(authority));
		}
		authorities.addAll(factors);
		this.authorities = Collections.unmodifiableList(authorities);
	}

	/**
	 * Return the identity id.
	 * @return the identity id
	 */
	@Override
	public String getName() {
		return this.identityId;
	}

	/**
	 * Return the identity id (the same as {@link #getName()}).
	 * @return the identity id
	 */
	public String getIdentityId() {
		return this.identityId;
	}

	/**
	 * Return the session id.
	 * @return the session id, or {@code null} if the resolver gave none
	 */
	public @Nullable String getSessionId() {
		return this.sessionId;
	}

	/**
	 * Return when the session expires.
	 * @return the expiry, or {@code null} if the resolver gave none
	 */
	public @Nullable Instant getExpiresAt() {
		return this.expiresAt;
	}

	/**
	 * Return the session's authenticator assurance level, for example {@code aal1}.
	 * @return the assurance level, or {@code null} if the resolver gave none
	 */
	public @Nullable String getAuthenticatorAssuranceLevel() {
		return getAttribute(KratosAttributes.AAL);
	}

	/**
	 * Return the identity's traits.
	 * @return the traits, empty if the resolver gave none
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Object> getTraits() {
		Object traits = this.attributes.get(KratosAttributes.TRAITS);
		return (traits instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return this.authorities;
	}

	@Override
	public String toString() {
		return "SessionPrincipal[identityId=" + this.identityId + ", sessionId=" + this.sessionId + "]";
	}

}
