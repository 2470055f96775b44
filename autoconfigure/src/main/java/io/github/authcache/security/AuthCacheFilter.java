/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;
import java.util.Map;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialExtractor;
import io.github.authcache.credential.CredentialKind;
import io.github.authcache.credential.MalformedCredentialException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request that carries a credential through the
 * {@link AuthenticationManager}, in the manner of Spring Security's
 * {@code BearerTokenAuthenticationFilter}.
 * <ul>
 * <li>No credential: the request goes on anonymous; the application's rules decide.</li>
 * <li>A malformed or oversized credential: rejected (401) before any cache or upstream
 * call.</li>
 * <li>A token bound to a key or a certificate ({@code cnf}): authenticated only as its
 * binding requires ({@link TokenBindingVerifier}), from the cache as from the identity
 * provider; with DPoP nonces required, a DPoP request that authenticates gets the nonce
 * for its next proof in a {@code DPoP-Nonce} header, and a nonce challenge is not counted
 * as a failure.</li>
 * <li>Authenticated: the security context holds the result for this request only (nothing
 * is stored in an HTTP session), and a {@code Set-Cookie} the identity provider sent is
 * relayed.</li>
 * <li>Not authenticated: the {@link AuthenticationEntryPoint} answers (401, 403, 429 or
 * 503; 429 when the client address, {@link HttpServletRequest#getRemoteAddr()}, is over
 * its share of the identity provider calls); or 429 with {@code Retry-After} when a
 * {@link FailureLimiter} is set and the client address is over its limit of failed
 * authentications. Only failures are limited: a credential that authenticates is served
 * whatever its address did before.</li>
 * </ul>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(AuthCacheFilter.class);

	private static final String DPOP_NONCE = "DPoP-Nonce";

	private final AuthenticationManager authenticationManager;

	private final CredentialExtractor credentialExtractor;

	private AuthenticationEntryPoint authenticationEntryPoint = new AuthCacheAuthenticationEntryPoint();

	private FreshnessPolicy freshnessPolicy = new FreshnessPolicy(Map.of());

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

	private AuthenticationDetailsSource<HttpServletRequest, ?> authenticationDetailsSource = new WebAuthenticationDetailsSource();

	private @Nullable FailureLimiter failureLimiter;

	private TokenBindingVerifier tokenBindingVerifier = new TokenBindingVerifier(null);

	/**
	 * Create a filter.
	 * @param authenticationManager the manager that authenticates
	 * {@link CredentialAuthenticationToken}s
	 * @param credentialExtractor the extractor of credentials from requests
	 */
	public AuthCacheFilter(AuthenticationManager authenticationManager, CredentialExtractor credentialExtractor) {
		Assert.notNull(authenticationManager, "'authenticationManager' must not be null");
		Assert.notNull(credentialExtractor, "'credentialExtractor' must not be null");
		this.authenticationManager = authenticationManager;
		this.credentialExtractor = credentialExtractor;
	}

	/**
	 * Set the entry point that answers requests that could not be authenticated. Defaults
	 * to {@link AuthCacheAuthenticationEntryPoint}.
	 * @param authenticationEntryPoint the entry point
	 */
	public void setAuthenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
		Assert.notNull(authenticationEntryPoint, "'authenticationEntryPoint' must not be null");
		this.authenticationEntryPoint = authenticationEntryPoint;
	}

	/**
	 * Set the per-route freshness rules. Defaults to none.
	 * @param freshnessPolicy the freshness rules
	 */
	public void setFreshnessPolicy(FreshnessPolicy freshnessPolicy) {
		Assert.notNull(freshnessPolicy, "'freshnessPolicy' must not be null");
		this.freshnessPolicy = freshnessPolicy;
	}

	/**
	 * Set the {@link SecurityContextHolderStrategy}. Defaults to the one
	 * {@link SecurityContextHolder} holds.
	 * @param securityContextHolderStrategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "'securityContextHolderStrategy' must not be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	/**
	 * Set the repository the authenticated context is saved in. Defaults to
	 * {@link RequestAttributeSecurityContextRepository}: this request only, never an HTTP
	 * session.
	 * @param securityContextRepository the repository
	 */
	public void setSecurityContextRepository(SecurityContextRepository securityContextRepository) {
		Assert.notNull(securityContextRepository, "'securityContextRepository' must not be null");
		this.securityContextRepository = securityContextRepository;
	}

	/**
	 * Set the source of authentication details. Defaults to
	 * {@link WebAuthenticationDetailsSource}.
	 * @param authenticationDetailsSource the details source
	 */
	public void setAuthenticationDetailsSource(
			AuthenticationDetailsSource<HttpServletRequest, ?> authenticationDetailsSource) {
		Assert.notNull(authenticationDetailsSource, "'authenticationDetailsSource' must not be null");
		this.authenticationDetailsSource = authenticationDetailsSource;
	}

	/**
	 * Set the limiter of failed authentications per client address. Defaults to none.
	 * @param failureLimiter the limiter
	 */
	public void setFailureLimiter(@Nullable FailureLimiter failureLimiter) {
		this.failureLimiter = failureLimiter;
	}

	/**
	 * Set the verifier that holds tokens bound to a key or a certificate to their
	 * binding. Defaults to one that refuses such tokens sent as bearers and the
	 * {@code DPoP} scheme.
	 * @param tokenBindingVerifier the verifier
	 */
	public void setTokenBindingVerifier(TokenBindingVerifier tokenBindingVerifier) {
		Assert.notNull(tokenBindingVerifier, "'tokenBindingVerifier' must not be null");
		this.tokenBindingVerifier = tokenBindingVerifier;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Credential credential;
		try {
			credential = this.credentialExtractor.extract(request);
		}
		catch (MalformedCredentialException ex) {
			logger.trace(LogMessage.format("Rejected a malformed %s credential: %s", ex.getType(), ex.getMessage()));
			reject(request, response, (ex.getType().kind() == CredentialKind.TOKEN)
					? new InvalidBearerTokenException(ex.getMessage()) : new BadCredentialsException(ex.getMessage()));
			return;
		}
		if (credential == null) {
			chain.doFilter(request, response);
			return;
		}
		CredentialAuthenticationToken authenticationRequest = new CredentialAuthenticationToken(credential,
				this.freshnessPolicy.maxAge(request), request.getRemoteAddr());
		authenticationRequest.setDetails(this.authenticationDetailsSource.buildDetails(request));
		Authentication result;
		try {
			result = this.authenticationManager.authenticate(authenticationRequest);
			this.tokenBindingVerifier.verify(request, credential, result);
		}
		catch (AuthenticationException ex) {
			logger.trace(LogMessage.format("Failed to authenticate a %s credential: %s", credential.type(),
					ex.getMessage()));
			// A nonce challenge is a step of the DPoP protocol, not a failure
			if (this.failureLimiter != null && !(ex instanceof AuthenticationServiceException)
					&& !(ex instanceof DPoPNonceRequiredException)
					&& this.failureLimiter.recordFailure(request.getRemoteAddr())) {
				this.securityContextHolderStrategy.clearContext();
				tooManyFailures(response, this.failureLimiter);
				return;
			}
			reject(request, response, ex);
			return;
		}
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(result);
		this.securityContextHolderStrategy.setContext(context);
		this.securityContextRepository.saveContext(context, request, response);
		if (result instanceof SessionAuthentication session) {
			session.getSetCookies().forEach((cookie) -> response.addHeader(HttpHeaders.SET_COOKIE, cookie));
		}
		String nonce = credential.isDPoP() ? this.tokenBindingVerifier.nextNonce() : null;
		if (nonce != null) {
			response.setHeader(DPOP_NONCE, nonce);
		}
		chain.doFilter(request, response);
	}

	private static void tooManyFailures(HttpServletResponse response, FailureLimiter limiter) {
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, limiter.retryAfter().toSeconds())));
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException, ServletException {
		this.securityContextHolderStrategy.clearContext();
		this.authenticationEntryPoint.commence(request, response, ex);
	}

}
