/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.util.EnumSet;

import io.github.authcache.credential.CredentialType;
import io.github.authcache.credential.OryCredentialExtractor;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiCredentialRequestMatcher}: only a credential authcache reads from a
 * header exempts a request from CSRF protection.
 *
 * @author authcache authors
 */
class ApiCredentialRequestMatcherTests {

	private final ApiCredentialRequestMatcher matcher = new ApiCredentialRequestMatcher(
			new OryCredentialExtractor(EnumSet.allOf(CredentialType.class)));

	@Test
	void matchesWhenBearerTokenThenTrue() {
		assertThat(this.matcher.matches(request("Authorization", "Bearer token"))).isTrue();
	}

	@Test
	void matchesWhenSessionTokenHeaderThenTrue() {
		assertThat(this.matcher.matches(request("X-Session-Token", "ory_st_token"))).isTrue();
	}

	@Test
	void matchesWhenMalformedBearerThenTrueAndTheFilterRejectsIt() {
		assertThat(this.matcher.matches(request("Authorization", "Bearer two words"))).isTrue();
	}

	@Test
	void matchesWhenBasicAuthorizationThenFalse() {
		assertThat(this.matcher.matches(request("Authorization", "Basic dXNlcjpwYXNzd29yZA=="))).isFalse();
	}

	@Test
	void matchesWhenNegotiateAuthorizationThenFalse() {
		assertThat(this.matcher.matches(request("Authorization", "Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagMDAu")))
			.isFalse();
	}

	@Test
	void matchesWhenBearerOfADisabledTypeThenFalse() {
		ApiCredentialRequestMatcher sessionsOnly = new ApiCredentialRequestMatcher(
				new OryCredentialExtractor(EnumSet.of(CredentialType.SESSION_COOKIE)));
		assertThat(sessionsOnly.matches(request("Authorization", "Bearer token"))).isFalse();
	}

	@Test
	void matchesWhenSessionCookieAndBasicAuthorizationThenFalse() {
		MockHttpServletRequest request = request("Authorization", "Basic dXNlcjpwYXNzd29yZA==");
		request.setCookies(new Cookie("ory_kratos_session", "session"));
		assertThat(this.matcher.matches(request)).isFalse();
	}

	@Test
	void matchesWhenSessionCookieAndBearerTokenThenFalse() {
		MockHttpServletRequest request = request("Authorization", "Bearer token");
		request.setCookies(new Cookie("ory_kratos_session", "session"));
		assertThat(this.matcher.matches(request)).isFalse();
	}

	private static MockHttpServletRequest request(String header, String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/logout");
		request.addHeader(header, value);
		return request;
	}

}
