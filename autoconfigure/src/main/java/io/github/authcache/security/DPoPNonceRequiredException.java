/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A DPoP proof came without the server's nonce, or with one no longer accepted (RFC 9449
 * section 8): the client is answered 401 {@code use_dpop_nonce} with a fresh nonce in the
 * {@code DPoP-Nonce} header, to sign a new proof with. It is a step of the protocol, not
 * a failed authentication.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class DPoPNonceRequiredException extends OAuth2AuthenticationException {

	/**
	 * The error code of RFC 9449 section 8.
	 */
	public static final String USE_DPOP_NONCE = "use_dpop_nonce";

	private static final long serialVersionUID = 1L;

	private final String nonce;

	/**
	 * Create a new exception.
	 * @param nonce the nonce the client must put into its next proof
	 */
	public DPoPNonceRequiredException(String nonce) {
		super(new OAuth2Error(USE_DPOP_NONCE, "The resource server requires a nonce in the DPoP proof", null));
		this.nonce = nonce;
	}

	/**
	 * Return the nonce the client must put into its next proof.
	 * @return the nonce
	 */
	public String getNonce() {
		return this.nonce;
	}

}
