/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.testing.WebIntegrationTests;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Integration tests for an identity provider that answers with a redirect: the redirect
 * is never followed (it would carry the credential to another host), the request gets 503
 * and nothing is cached.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = AuthCacheFilterIntegrationTests.TestApplication.class)
class UpstreamRedirectIntegrationTests extends WebIntegrationTests {

	private final List<Headers> elsewhere = new CopyOnWriteArrayList<>();

	private HttpServer otherHost;

	@BeforeEach
	void startOtherHost() throws IOException {
		this.otherHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.otherHost.createContext("/", (exchange) -> {
			this.elsewhere.add(exchange.getRequestHeaders());
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.otherHost.start();
	}

	@AfterEach
	void stopOtherHost() {
		this.otherHost.stop(0);
	}

	@ParameterizedTest
	@ValueSource(ints = { 301, 302, 303, 307, 308 })
	void sessionTokenWhenKratosRedirectsThen503NotFollowedNotCached(int status) throws Exception {
		KratosSessionSpec session = ory.registerSession();
		ory.redirectTo(status, otherHostUrl("/sessions/whoami"));
		assertUnavailableTwice(get("/api/me").header("X-Session-Token", session.requiredToken()));
		assertThat(ory.whoamiCalls()).as("asked again: nothing cached").isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(ints = { 302, 307 })
	void sessionCookieWhenKratosRedirectsThen503NotFollowedNotCached(int status) throws Exception {
		KratosSessionSpec session = ory.registerSession();
		ory.redirectTo(status, otherHostUrl("/sessions/whoami"));
		assertUnavailableTwice(get("/api/me").cookie(new Cookie("ory_kratos_session", session.cookieValue())));
		assertThat(ory.whoamiCalls()).as("asked again: nothing cached").isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(ints = { 302, 307 })
	void accessTokenWhenIntrospectionRedirectsThen503NotFollowedNotCached(int status) throws Exception {
		OAuth2TokenSpec token = ory.registerToken();
		ory.redirectTo(status, otherHostUrl("/oauth2/introspect"));
		assertUnavailableTwice(get("/api/me").header("Authorization", "Bearer " + token.token()));
		assertThat(ory.introspectCalls()).as("asked again: nothing cached").isEqualTo(2);
	}

	private void assertUnavailableTwice(MockHttpServletRequestBuilder request) throws Exception {
		this.mvc.perform(request).andExpect(status().isServiceUnavailable());
		this.mvc.perform(request).andExpect(status().isServiceUnavailable());
		assertThat(this.elsewhere).as("requests the other host got (the credential headers re-sent)").isEmpty();
	}

	private String otherHostUrl(String path) {
		return "http://127.0.0.1:" + this.otherHost.getAddress().getPort() + path;
	}

}
