/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request that Spring Security's firewall rejected (a header or URL outside the
 * allowed characters, such as a credential with a line break) with 400, and logs it
 * without the exception's message: the firewall's message quotes the offending header
 * value, which may be a credential.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class CredentialSafeRequestRejectedHandler implements RequestRejectedHandler {

	private static final Log logger = LogFactory.getLog(CredentialSafeRequestRejectedHandler.class);

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		logger.debug("Rejected a request the firewall refused (header or URL outside the allowed characters)");
		response.sendError(HttpStatus.BAD_REQUEST.value());
	}

}
