/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.InMemoryRevocationStore;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.resolver.jwt.JwtValidation;
import io.github.authcache.testing.JwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link SharedSignalsPushFilter}.
 *
 * @author authcache authors
 */
class SharedSignalsPushFilterTests {

	private static final JwtIssuer transmitter = new JwtIssuer();

	private final AuthCacheInvalidator invalidator = mock(AuthCacheInvalidator.class);

	@AfterAll
	static void stopServers() {
		transmitter.close();
	}

	@Test
	void pushWhenTheKeysCannotBeFetchedThen503SoTheTransmitterRetries() throws Exception {
		// Nothing listens on port 1
		MockHttpServletResponse response = push(filter(URI.create("http://127.0.0.1:1/jwks.json")), token());
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentAsString()).contains("\"err\":\"temporarily_unavailable\"");
		then(this.invalidator).shouldHaveNoInteractions();
	}

	@Test
	void pushWhenAcceptedThen202AndNoStore() throws Exception {
		MockHttpServletResponse response = push(filter(URI.create(transmitter.jwkSetUri())), token());
		assertThat(response.getStatus()).isEqualTo(202);
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		then(this.invalidator).should().invalidateUser("user-1");
	}

	@Test
	void requestToAnotherPathThenPassedOn() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/other");
		MockFilterChain chain = new MockFilterChain();
		filter(URI.create(transmitter.jwkSetUri())).doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(request);
	}

	private MockHttpServletResponse push(SharedSignalsPushFilter filter, String token) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/ssf/events");
		request.setContentType("application/secevent+jwt");
		request.setContent(token.getBytes());
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

	private SharedSignalsPushFilter filter(URI jwkSetUri) {
		Duration maxAge = Duration.ofMinutes(5);
		SecurityEventTokenVerifier verifier = new SecurityEventTokenVerifier(
				JwtValidation.decoder(jwkSetUri, Duration.ofSeconds(2), Duration.ofSeconds(2),
						SecurityEventTokenVerifier.validator(transmitter.issuer(), "my-receiver", maxAge)),
				new OneTimeTokens(new InMemoryRevocationStore(Clock.systemUTC()), new CacheKeys("authcache:", null)),
				maxAge);
		return new SharedSignalsPushFilter(new SharedSignalsReceiver(verifier, this.invalidator), "/ssf/events");
	}

	private static String token() {
		return transmitter.sign(SecurityEventTokenVerifier.TYPE, transmitter.keyId(), (claims) -> {
			claims.remove("exp");
			claims.put("aud", "my-receiver");
			claims.put("jti", UUID.randomUUID().toString());
			claims.put("sub_id", Map.of("format", "iss_sub", "iss", transmitter.issuer(), "sub", "user-1"));
			claims.put("events", Map.of(SharedSignalsReceiver.SESSION_REVOKED, Map.of()));
		});
	}

}
