/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import org.springframework.util.Assert;

/**
 * Thrown when a Security Event Token is refused; carries the RFC 8935 section 2.4 error
 * code the receiver answers with ({@code invalid_request}, {@code invalid_key},
 * {@code invalid_issuer}, {@code invalid_audience}).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class InvalidSecurityEventTokenException extends RuntimeException {

	private final String errorCode;

	/**
	 * Create an exception.
	 * @param errorCode the RFC 8935 error code
	 * @param description why the token was refused (never the token itself)
	 */
	public InvalidSecurityEventTokenException(String errorCode, String description) {
		super(description);
		Assert.hasText(errorCode, "'errorCode' must not be empty");
		this.errorCode = errorCode;
	}

	/**
	 * Return the RFC 8935 error code.
	 * @return the error code
	 */
	public String getErrorCode() {
		return this.errorCode;
	}

}
