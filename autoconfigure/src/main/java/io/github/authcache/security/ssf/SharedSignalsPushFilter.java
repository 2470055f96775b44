/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.github.authcache.invalidation.RevocationFailedException;
import io.github.authcache.security.IdentityProviderEndpointFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.Assert;

/**
 * The push delivery endpoint of RFC 8935: answers {@code POST} requests of
 * {@code application/secevent+jwt} to its path. 202 when the Security Event Token was
 * accepted; 400 with the RFC 8935 error object ({@code {"err":…,"description":…}}) when
 * it was refused or used before, and nothing is revoked then (logged at WARN with the
 * reason, never the token); 503 when the keys could not be fetched or a revocation could
 * not be recorded (the transmitter retries). The token's signature is its authentication:
 * the endpoint needs no session and no CSRF token. Added by the
 * {@code AuthCacheConfigurer} when a {@link SharedSignalsReceiver} bean exists.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class SharedSignalsPushFilter extends IdentityProviderEndpointFilter {

	/**
	 * The media type of a pushed Security Event Token.
	 */
	public static final MediaType SECEVENT_JWT = MediaType.parseMediaType("application/secevent+jwt");

	/**
	 * The largest body read: a Security Event Token is a few kilobytes.
	 */
	public static final int MAX_BODY_BYTES = 64 * 1024;

	private static final Log logger = LogFactory.getLog(SharedSignalsPushFilter.class);

	private final SharedSignalsReceiver receiver;

	/**
	 * Create a filter.
	 * @param receiver the receiver
	 * @param path the endpoint's path, for example {@code /ssf/events}
	 */
	public SharedSignalsPushFilter(SharedSignalsReceiver receiver, String path) {
		super(path);
		Assert.notNull(receiver, "'receiver' must not be null");
		this.receiver = receiver;
	}

	@Override
	protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			if (!isSecurityEventToken(request.getContentType())) {
				throw new InvalidSecurityEventTokenException("invalid_request",
						"The content type is not " + SECEVENT_JWT);
			}
			if (!this.receiver.receive(body(request))) {
				throw new InvalidSecurityEventTokenException("invalid_request", "The token was used before (its jti)");
			}
			response.setStatus(HttpStatus.ACCEPTED.value());
		}
		catch (InvalidSecurityEventTokenException ex) {
			logger.warn("Refused a Security Event Token (" + ex.getErrorCode() + "): " + ex.getMessage());
			error(response, HttpStatus.BAD_REQUEST, ex.getErrorCode(), ex.getMessage());
		}
		catch (JwtException | RevocationFailedException ex) {
			logger.warn("A Security Event Token could not be applied; the transmitter may retry", ex);
			error(response, HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable", "Try again later");
		}
	}

	private static boolean isSecurityEventToken(@Nullable String contentType) {
		try {
			return contentType != null && SECEVENT_JWT.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static String body(HttpServletRequest request) throws IOException {
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
			if (body.length > MAX_BODY_BYTES) {
				throw new InvalidSecurityEventTokenException("invalid_request", "The body is too large");
			}
			return new String(body, StandardCharsets.US_ASCII).strip();
		}
	}

	private static void error(HttpServletResponse response, HttpStatus status, String error, String description)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write("{\"err\":\"" + json(error) + "\",\"description\":\"" + json(description) + "\"}");
	}

	private static String json(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
