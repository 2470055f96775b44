/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;

/**
 * The credential is valid but the identity provider requires a stronger authentication
 * (Kratos {@code session_aal2_required}): the request gets the provider's own 403 answer.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class StepUpRequiredAuthenticationException extends AuthenticationException {

	private final @Nullable String redirectTo;

	private final String responseBody;

	/**
	 * Create a new exception.
	 * @param redirectTo where to send the browser, if the provider said
	 * @param responseBody the provider's response body
	 */
	public StepUpRequiredAuthenticationException(@Nullable String redirectTo, String responseBody) {
		super("A stronger authentication is required");
		this.redirectTo = redirectTo;
		this.responseBody = responseBody;
	}

	/**
	 * Return where to send the browser, if the provider said.
	 * @return the redirect target, or {@code null}
	 */
	public @Nullable String getRedirectTo() {
		return this.redirectTo;
	}

	/**
	 * Return the provider's response body.
	 * @return the body
	 */
	public String getResponseBody() {
		return this.responseBody;
	}

}
