/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.github.authcache.invalidation.RevocationFailedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.Assert;

/**
 * The endpoint of Keycloak's not-before push: answers {@code POST} requests whose body is
 * a signed {@code PushNotBeforeAction} (Keycloak sends it as {@code text/plain}). 200
 * when the action verified and the watermark was raised (Keycloak counts 200 and 204 as
 * success); 401 when it is not signed by the realm; 400 when it is, but is not a
 * not-before push for this client, has expired, or was used before; 503 when the realm's
 * keys could not be fetched or the watermark could not be recorded. Nothing is changed
 * unless the answer is 200; a refusal is logged with the reason, never the token (at WARN
 * when the realm signed the action, else at DEBUG, so that anyone able to POST cannot
 * flood the log). Added by {@link AuthCacheConfigurer} when a
 * {@link KeycloakNotBeforeHandler} bean exists.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class KeycloakNotBeforeFilter extends IdentityProviderEndpointFilter {

	/**
	 * The largest body read: an action is a few hundred bytes.
	 */
	public static final int MAX_BODY_BYTES = 16 * 1024;

	private static final Log logger = LogFactory.getLog(KeycloakNotBeforeFilter.class);

	private final KeycloakNotBeforeHandler handler;

	/**
	 * Create a filter.
	 * @param handler the handler
	 * @param path the endpoint's path, for example {@code /k_push_not_before}
	 */
	public KeycloakNotBeforeFilter(KeycloakNotBeforeHandler handler, String path) {
		super(path);
		Assert.notNull(handler, "'handler' must not be null");
		this.handler = handler;
	}

	@Override
	protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String token = body(request);
		if (token == null) {
			EndpointErrors.write(response, HttpStatus.BAD_REQUEST, "invalid_request");
			return;
		}
		try {
			this.handler.push(token);
			response.setStatus(HttpStatus.OK.value());
		}
		catch (JwtValidationException ex) {
			logger.warn("Refused a Keycloak not-before push: " + ex.getMessage());
			EndpointErrors.write(response, HttpStatus.BAD_REQUEST, "invalid_request");
		}
		catch (BadJwtException ex) {
			// Anyone can POST: only a refusal of what the realm signed is logged at WARN
			logger.debug("Refused a Keycloak not-before push not signed by the realm: " + ex.getMessage());
			EndpointErrors.write(response, HttpStatus.UNAUTHORIZED, "invalid_token");
		}
		catch (JwtException | RevocationFailedException ex) {
			logger.warn("A Keycloak not-before push could not be applied; Keycloak may push again", ex);
			EndpointErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable");
		}
	}

	private static @Nullable String body(HttpServletRequest request) throws IOException {
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
			String token = new String(body, StandardCharsets.US_ASCII).strip();
			return (body.length > MAX_BODY_BYTES || token.isEmpty()) ? null : token;
		}
	}

}
