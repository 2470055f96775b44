/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import io.github.authcache.invalidation.RevocationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;

/**
 * Answers a logout with a status that tells what {@link AuthCacheLogoutHandler} achieved:
 * {@code 204 No Content} when the credential no longer works anywhere (revoked at the
 * identity provider, or not active there, and durably in the cache), or when the request
 * carried no credential; {@code 202 Accepted} when the logout took effect in the cache
 * but is not complete: the identity provider did not revoke the credential (it still
 * works there, and is looked up again on its next use), or Redis did not take the
 * revocation yet. The {@value AuthCacheLogoutHandler#RESULT_HEADER} header says which.
 * {@link AuthCacheConfigurer} makes it the default logout success handler; a handler or
 * URL the application sets wins.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheLogoutSuccessHandler implements LogoutSuccessHandler {

	@Override
	public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		boolean complete = !(request
			.getAttribute(AuthCacheLogoutHandler.RESULT_ATTRIBUTE) instanceof RevocationResult result)
				|| result.isComplete();
		response.setStatus(complete ? HttpStatus.NO_CONTENT.value() : HttpStatus.ACCEPTED.value());
	}

}
