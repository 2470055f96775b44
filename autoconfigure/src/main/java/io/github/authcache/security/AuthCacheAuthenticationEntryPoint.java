/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.authcache.resolver.UpstreamMisconfiguredException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Answers a request that could not be authenticated:
 * <ul>
 * <li>{@link IdentityProviderUnavailableException}: 503 with {@code Retry-After} (fail
 * closed, never 401, never 200), whose body says "misconfigured" when the identity
 * provider refused the starter's own credentials
 * ({@link UpstreamMisconfiguredException});</li>
 * <li>{@link DPoPReplayCheckUnavailableException}: 503 with {@code Retry-After} (a DPoP
 * proof that cannot be recorded as used is refused);</li>
 * <li>{@link ClientLimitExceededAuthenticationException}: 429 with {@code Retry-After},
 * no challenge (the credential was not judged);</li>
 * <li>{@link StepUpRequiredAuthenticationException}: 403 with the identity provider's own
 * body, which carries {@code redirect_browser_to};</li>
 * <li>anything else: 401 with the {@code WWW-Authenticate} challenge of Spring Security's
 * {@link BearerTokenAuthenticationEntryPoint} (RFC 6750, with the RFC 9728
 * {@code resource_metadata} parameter): bare when no credential was sent,
 * {@code error="invalid_token"} when a credential was refused, a login session's
 * ({@link BadCredentialsException}) as well as an access token's; or, for a request with
 * {@code Authorization: DPoP}, the {@code DPoP} challenge of RFC 9449 (as Spring
 * Security's {@code DPoPAuthenticationEntryPoint} writes it),
 * {@code error="invalid_dpop_proof"} when the proof was refused, or
 * {@code error="use_dpop_nonce"} with the nonce to use in a {@code DPoP-Nonce} header
 * ({@link DPoPNonceRequiredException}).</li>
 * </ul>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private static final String UNAVAILABLE_BODY = "{\"error\":\"temporarily_unavailable\","
			+ "\"error_description\":\"The identity provider is unavailable\"}";

	private static final String MISCONFIGURED_BODY = "{\"error\":\"temporarily_unavailable\","
			+ "\"error_description\":\"The connection to the identity provider is misconfigured\"}";

	private static final String REPLAY_CHECK_UNAVAILABLE_BODY = "{\"error\":\"temporarily_unavailable\","
			+ "\"error_description\":\"DPoP proofs cannot be checked for replay\"}";

	private static final String DPOP_SCHEME = "DPoP ";

	private static final String DPOP_NONCE = "DPoP-Nonce";

	private static final String CLIENT_LIMIT_BODY = "{\"error\":\"temporarily_unavailable\","
			+ "\"error_description\":\"Too many identity provider lookups from this client\"}";

	private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();

	/**
	 * The algorithms a DPoP proof may be signed with (the {@code algs} of the challenge).
	 */
	private static final String DPOP_ALGORITHMS = "RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512";

	private Duration defaultRetryAfter = Duration.ofSeconds(1);

	/**
	 * Set the {@code Retry-After} sent with a 503 when the identity provider did not give
	 * one. Defaults to 1 second.
	 * @param defaultRetryAfter the delay
	 */
	public void setDefaultRetryAfter(Duration defaultRetryAfter) {
		Assert.notNull(defaultRetryAfter, "'defaultRetryAfter' must not be null");
		this.defaultRetryAfter = defaultRetryAfter;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof IdentityProviderUnavailableException unavailable) {
			Duration retryAfter = (unavailable.getRetryAfter() != null) ? unavailable.getRetryAfter()
					: this.defaultRetryAfter;
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
			write(response, HttpStatus.SERVICE_UNAVAILABLE,
					(unavailable.getCause() instanceof UpstreamMisconfiguredException) ? MISCONFIGURED_BODY
							: UNAVAILABLE_BODY);
		}
		else if (authException instanceof DPoPReplayCheckUnavailableException) {
			response.setHeader(HttpHeaders.RETRY_AFTER,
					String.valueOf(Math.max(1, this.defaultRetryAfter.toSeconds())));
			write(response, HttpStatus.SERVICE_UNAVAILABLE, REPLAY_CHECK_UNAVAILABLE_BODY);
		}
		else if (authException instanceof ClientLimitExceededAuthenticationException limited) {
			response.setHeader(HttpHeaders.RETRY_AFTER,
					String.valueOf(Math.max(1, limited.getRetryAfter().toSeconds())));
			write(response, HttpStatus.TOO_MANY_REQUESTS, CLIENT_LIMIT_BODY);
		}
		else if (authException instanceof StepUpRequiredAuthenticationException stepUp) {
			write(response, HttpStatus.FORBIDDEN, stepUp.getResponseBody());
		}
		else {
			AuthenticationException refusal = (authException instanceof BadCredentialsException refused)
					? new InvalidBearerTokenException(refused.getMessage(), refused) : authException;
			String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
			boolean dpop = authorization != null
					&& authorization.regionMatches(true, 0, DPOP_SCHEME, 0, DPOP_SCHEME.length());
			if (dpop) {
				dpopChallenge(response, refusal);
			}
			else {
				this.bearerEntryPoint.commence(request, response, refusal);
			}
		}
	}

	// The challenge of RFC 9449 section 7.1, as Spring Security 7.1's
	// DPoPAuthenticationEntryPoint writes it (Spring Security 7.0 has none)
	private static void dpopChallenge(HttpServletResponse response, AuthenticationException refusal) {
		StringBuilder challenge = new StringBuilder(DPOP_SCHEME);
		if (refusal instanceof OAuth2AuthenticationException oauth2) {
			OAuth2Error error = oauth2.getError();
			challenge.append("error=\"").append(error.getErrorCode()).append("\", ");
			if (StringUtils.hasText(error.getDescription())) {
				challenge.append("error_description=\"").append(error.getDescription()).append("\", ");
			}
		}
		challenge.append("algs=\"").append(DPOP_ALGORITHMS).append('"');
		if (refusal instanceof DPoPNonceRequiredException nonceRequired) {
			response.setHeader(DPOP_NONCE, nonceRequired.getNonce());
		}
		response.addHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.toString());
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
	}

	private static void write(HttpServletResponse response, HttpStatus status, String body) throws IOException {
		response.setStatus(status.value());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(body);
	}

}
