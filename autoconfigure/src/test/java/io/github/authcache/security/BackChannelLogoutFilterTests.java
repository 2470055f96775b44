/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link BackChannelLogoutFilter}: what the identity provider is answered when
 * a logout token cannot be processed.
 *
 * @author authcache authors
 */
class BackChannelLogoutFilterTests {

	private final BackChannelLogoutHandler handler = mock(BackChannelLogoutHandler.class);

	private final BackChannelLogoutFilter filter = new BackChannelLogoutFilter(this.handler, "/backchannel-logout");

	@Test
	void doFilterWhenTheKeysCannotBeFetchedThen503SoTheIdentityProviderRetries() throws Exception {
		willThrow(new JwtException("Couldn't retrieve remote JWK set")).given(this.handler).logout("token");
		MockHttpServletResponse response = logout("token");
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentAsString()).isEqualTo("{\"error\":\"temporarily_unavailable\"}");
	}

	@Test
	void doFilterWhenTheTokenIsBadThen400() throws Exception {
		willThrow(new BadJwtException("Signed JWT rejected")).given(this.handler).logout("token");
		MockHttpServletResponse response = logout("token");
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).isEqualTo("{\"error\":\"invalid_request\"}");
	}

	private MockHttpServletResponse logout(String token) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/backchannel-logout");
		request.setParameter("logout_token", token);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
