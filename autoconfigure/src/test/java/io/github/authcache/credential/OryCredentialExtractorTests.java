/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.credential;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link OryCredentialExtractor}.
 *
 * @author authcache authors
 */
class OryCredentialExtractorTests {

	private static final String SESSION_TOKEN = "ory_st_abcdefghijklmnopqrstuvwxyz012345";

	private final OryCredentialExtractor extractor = new OryCredentialExtractor(EnumSet.allOf(CredentialType.class));

	@Test
	void extractWhenNoCredentialThenNull() {
		assertThat(this.extractor.extract(new MockHttpServletRequest())).isNull();
	}

	@Test
	void extractWhenSessionTokenHeaderThenItWinsOverCookieAndBearer() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-Session-Token", SESSION_TOKEN);
		request.setCookies(new Cookie("ory_kratos_session", "cookie-value"));
		request.addHeader("Authorization", "Bearer ory_at_other.sig");
		assertThat(this.extractor.extract(request))
			.isEqualTo(new Credential(CredentialType.SESSION_TOKEN, SESSION_TOKEN));
	}

	@Test
	void extractWhenCookieAndBearerThenCookieWins() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("other", "x"), new Cookie("ory_kratos_session", "MTY5.Zm9v-YmFy_"));
		request.addHeader("Authorization", "Bearer ory_at_other.sig");
		assertThat(this.extractor.extract(request))
			.isEqualTo(new Credential(CredentialType.SESSION_COOKIE, "MTY5.Zm9v-YmFy_"));
	}

	@Test
	void extractWhenBearerWithSessionTokenPrefixThenSessionToken() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "bearer " + SESSION_TOKEN);
		assertThat(this.extractor.extract(request))
			.isEqualTo(new Credential(CredentialType.SESSION_TOKEN, SESSION_TOKEN));
	}

	@Test
	void extractWhenBearerOtherwiseThenAccessToken() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer ory_at_abc.def");
		assertThat(this.extractor.extract(request))
			.isEqualTo(new Credential(CredentialType.ACCESS_TOKEN, "ory_at_abc.def"));
	}

	@Test
	void extractWhenDPoPThenAccessTokenPresentedWithDPoP() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "DPoP " + SESSION_TOKEN);
		Credential credential = this.extractor.extract(request);
		assertThat(credential).isEqualTo(new Credential(CredentialType.ACCESS_TOKEN, SESSION_TOKEN, true));
		assertThat(credential.isDPoP()).isTrue();
	}

	@Test
	void extractWhenBearerThenNotPresentedWithDPoP() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer ory_at_abc.def");
		assertThat(this.extractor.extract(request).isDPoP()).isFalse();
	}

	@Test
	void extractWhenDPoPIsMalformedThenRejected() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "DPoP a b");
		assertThatExceptionOfType(MalformedCredentialException.class).isThrownBy(() -> this.extractor.extract(request));
	}

	@Test
	void extractWhenDPoPAndAccessTokensAreDisabledThenNull() {
		OryCredentialExtractor sessionsOnly = new OryCredentialExtractor(EnumSet.of(CredentialType.SESSION_TOKEN));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "DPoP ory_at_abc.def");
		assertThat(sessionsOnly.extract(request)).isNull();
	}

	@Test
	void extractWhenOtherAuthorizationSchemeThenNull() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Basic dXNlcjpwYXNz");
		assertThat(this.extractor.extract(request)).isNull();
		request = new MockHttpServletRequest();
		request.addHeader("Authorization", "BearerX abc");
		assertThat(this.extractor.extract(request)).isNull();
	}

	@Test
	void extractWhenBearerHasNoTokenOrSeveralPartsThenMalformed() {
		for (String value : new String[] { "Bearer", "Bearer ", "Bearer a b", "Bearer  a" }) {
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.addHeader("Authorization", value);
			assertThatExceptionOfType(MalformedCredentialException.class)
				.isThrownBy(() -> this.extractor.extract(request));
		}
	}

	@Test
	void extractWhenTokenOutsideSyntaxThenMalformedAndMessageHoldsNoCredential() {
		for (String token : new String[] { "ory_st_ünïcode", "abc\r\nX-Injected: 1", "abc\"def", "a=b", "===" }) {
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.addHeader("X-Session-Token", token);
			assertThatExceptionOfType(MalformedCredentialException.class)
				.isThrownBy(() -> this.extractor.extract(request))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(token));
		}
	}

	@Test
	void extractWhenCookieOutsideSyntaxThenMalformed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("ory_kratos_session", "a b"));
		assertThatExceptionOfType(MalformedCredentialException.class).isThrownBy(() -> this.extractor.extract(request));
	}

	@Test
	void extractWhenOversizedThenMalformed() {
		this.extractor.setMaxLength(64);
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer " + "a".repeat(65));
		assertThatExceptionOfType(MalformedCredentialException.class).isThrownBy(() -> this.extractor.extract(request));
		MockHttpServletRequest fits = new MockHttpServletRequest();
		fits.addHeader("Authorization", "Bearer " + "a".repeat(64));
		assertThat(this.extractor.extract(fits)).isNotNull();
	}

	@Test
	void extractWhenTypeNotEnabledThenLeftToTheChain() {
		OryCredentialExtractor tokensOnly = new OryCredentialExtractor(EnumSet.of(CredentialType.ACCESS_TOKEN));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("ory_kratos_session", "value"));
		assertThat(tokensOnly.extract(request)).isNull();
		MockHttpServletRequest sessionBearer = new MockHttpServletRequest();
		sessionBearer.addHeader("Authorization", "Bearer " + SESSION_TOKEN);
		assertThat(tokensOnly.extract(sessionBearer)).isNull();
	}

	@Test
	void extractWhenTypeNotEnabledThenItsHeaderAndCookiesAreNotRead() {
		OryCredentialExtractor tokensOnly = new OryCredentialExtractor(EnumSet.of(CredentialType.ACCESS_TOKEN));
		List<String> reads = new ArrayList<>();
		MockHttpServletRequest request = new MockHttpServletRequest() {

			@Override
			public String getHeader(String name) {
				reads.add(name);
				return super.getHeader(name);
			}

			@Override
			public Cookie[] getCookies() {
				reads.add("cookies");
				return super.getCookies();
			}

		};
		request.addHeader("X-Session-Token", SESSION_TOKEN);
		request.setCookies(new Cookie("ory_kratos_session", "value"));
		request.addHeader("Authorization", "Bearer ory_at_token.sig");
		assertThat(tokensOnly.extract(request))
			.isEqualTo(new Credential(CredentialType.ACCESS_TOKEN, "ory_at_token.sig"));
		assertThat(reads).containsExactly("Authorization");
	}

	@Test
	void extractWhenCustomCookieNameThenReadsOnlyThatCookie() {
		this.extractor.setCookieName("ory_session_playground");
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("ory_kratos_session", "x"), new Cookie("ory_session_playground", "y"));
		assertThat(this.extractor.extract(request)).isEqualTo(new Credential(CredentialType.SESSION_COOKIE, "y"));
	}

	@Test
	void toStringNeverShowsTheCredential() {
		assertThat(new Credential(CredentialType.SESSION_TOKEN, SESSION_TOKEN).toString())
			.doesNotContain(SESSION_TOKEN);
	}

}
