/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.util.Map;

import org.springframework.security.oauth2.core.AbstractOAuth2Token;
import org.springframework.security.oauth2.core.ClaimAccessor;

/**
 * An access token with its claims, as Spring Security's DPoP proof validators read it
 * ({@code ath} from the value, {@code jkt} from the {@code cnf} claim).
 *
 * @author authcache authors
 */
final class DPoPBoundToken extends AbstractOAuth2Token implements ClaimAccessor {

	private static final long serialVersionUID = 1L;

	private final transient Map<String, Object> claims;

	DPoPBoundToken(String tokenValue, Map<String, Object> claims) {
		super(tokenValue);
		this.claims = claims;
	}

	@Override
	public Map<String, Object> getClaims() {
		return this.claims;
	}

}
