/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.credential;

/**
 * Thrown when a request carries a credential that is oversized or not of the syntax of
 * its kind. Such a credential is rejected before any cache or upstream call. The message
 * never contains the credential.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class MalformedCredentialException extends RuntimeException {

	private final CredentialType type;

	/**
	 * Create a new exception.
	 * @param type the type of the rejected credential
	 * @param message why the credential was rejected (never the credential itself)
	 */
	public MalformedCredentialException(CredentialType type, String message) {
		super(message);
		this.type = type;
	}

	/**
	 * Return the type of the rejected credential.
	 * @return the credential type
	 */
	public CredentialType getType() {
		return this.type;
	}

}
