/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * A DPoP proof could not be recorded as used (the store that records proof ids did not
 * answer): the request fails closed with 503, since a proof that cannot be recorded could
 * be replayed.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class DPoPReplayCheckUnavailableException extends AuthenticationServiceException {

	/**
	 * Create a new exception.
	 * @param message what went wrong
	 * @param cause the cause
	 */
	public DPoPReplayCheckUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
