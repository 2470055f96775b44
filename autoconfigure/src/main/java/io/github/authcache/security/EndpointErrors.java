/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes the OAuth-style JSON error answers of the endpoints identity providers call
 * (back-channel logout, event streams).
 *
 * @author authcache authors
 */
final class EndpointErrors {

	private EndpointErrors() {
	}

	static void write(HttpServletResponse response, HttpStatus status, String error) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write("{\"error\":\"" + error + "\"}");
	}

}
