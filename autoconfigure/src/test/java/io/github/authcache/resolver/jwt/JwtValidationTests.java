/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.authcache.testing.JwtIssuer;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the JWT decoders {@link JwtValidation} builds, against a real JWK Set
 * endpoint whose fetches are counted.
 *
 * @author authcache authors
 */
class JwtValidationTests {

	@Test
	void decodeWhenFortyUnknownKeyIdsThenTheJwkSetIsFetchedAtMostTwice() {
		try (JwtIssuer issuer = new JwtIssuer()) {
			NimbusJwtDecoder decoder = decoder(issuer);
			decoder.decode(issuer.sign(this::accessToken));
			int fetches = issuer.jwksFetches();
			assertThat(fetches).isOne();
			for (int i = 0; i < 40; i++) {
				String token = issuer.sign("JWT", UUID.randomUUID().toString(), this::accessToken);
				assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token));
			}
			assertThat(issuer.jwksFetches() - fetches).isBetween(1, 2);
			decoder.decode(issuer.sign(this::accessToken));
			assertThat(issuer.jwksFetches() - fetches).isBetween(1, 2);
		}
	}

	@Test
	void decodeWhenTheJwkSetHostStallsThenFailsWithinTheTimeoutsAsUnavailable() {
		try (JwtIssuer issuer = new JwtIssuer()) {
			NimbusJwtDecoder decoder = decoder(issuer);
			issuer.stall();
			long start = System.nanoTime();
			assertThatExceptionOfType(JwtException.class)
				.isThrownBy(() -> decoder.decode(issuer.sign(this::accessToken)))
				.isNotInstanceOf(BadJwtException.class);
			// Connect 200 ms + read 500 ms, with a generous margin; the host stalls 30 s
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void decodeWhenTokenHasNoIssuedAtThenItIsRefusedRatherThanGivenOne() {
		try (JwtIssuer issuer = new JwtIssuer()) {
			String token = issuer.sign((claims) -> {
				accessToken(claims);
				claims.remove("iat");
			});
			assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder(issuer).decode(token))
				.withMessageContaining("no iat");
		}
	}

	@Test
	void decodeWhenUnknownKeyIdsBeyondTheRefetchLimitThenEachIsABadToken() {
		try (JwtIssuer issuer = new JwtIssuer()) {
			NimbusJwtDecoder decoder = decoder(issuer);
			decoder.decode(issuer.sign(this::accessToken));
			for (int i = 0; i < 5; i++) {
				String token = issuer.sign("JWT", UUID.randomUUID().toString(), this::accessToken);
				assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token));
			}
		}
	}

	@Test
	void decodeWhenTheJwkSetHostIsDownThenEveryTokenIsUnavailableNotBad() {
		JwtIssuer issuer = new JwtIssuer();
		issuer.close();
		NimbusJwtDecoder decoder = decoder(issuer);
		for (int i = 0; i < 5; i++) {
			String token = issuer.sign("JWT", UUID.randomUUID().toString(), this::accessToken);
			assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token))
				.isNotInstanceOf(BadJwtException.class);
		}
	}

	@Test
	void decodeWhenTwoAudiencesAreRequiredThenATokenForOneOfThemIsRefused() {
		try (JwtIssuer issuer = new JwtIssuer()) {
			NimbusJwtDecoder decoder = JwtValidation.decoder(URI.create(issuer.jwkSetUri()), Duration.ofMillis(200),
					Duration.ofMillis(500),
					JwtValidation.accessTokenValidator(issuer.issuer(), List.of("my-api", "billing")));
			String forOne = issuer.sign((claims) -> {
				accessToken(claims);
				claims.put("aud", List.of("my-api", "another-api"));
			});
			assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder.decode(forOne))
				.withMessageContaining("aud");
			String forBoth = issuer.sign((claims) -> {
				accessToken(claims);
				claims.put("aud", List.of("billing", "my-api"));
			});
			assertThat(decoder.decode(forBoth).getAudience()).containsExactly("billing", "my-api");
		}
	}

	@Test
	void decodeWhenIssuedAtIsInTheFutureBeyondTheClockSkewThenRefused() {
		try (JwtIssuer issuer = new JwtIssuer()) {
			NimbusJwtDecoder decoder = decoder(issuer);
			String future = issuer.sign((claims) -> {
				accessToken(claims);
				claims.put("iat", Instant.now().plusSeconds(600));
				claims.put("exp", Instant.now().plusSeconds(900));
			});
			assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder.decode(future))
				.withMessageContaining("iat");
			String withinSkew = issuer.sign((claims) -> {
				accessToken(claims);
				claims.put("iat", Instant.now().plusSeconds(30));
			});
			assertThat(decoder.decode(withinSkew).getSubject()).isEqualTo("user-1");
		}
	}

	private NimbusJwtDecoder decoder(JwtIssuer issuer) {
		return JwtValidation.decoder(URI.create(issuer.jwkSetUri()), Duration.ofMillis(200), Duration.ofMillis(500),
				JwtValidation.accessTokenValidator(issuer.issuer(), List.of("my-api")));
	}

	private void accessToken(Map<String, Object> claims) {
		claims.put("sub", "user-1");
		claims.put("aud", List.of("my-api"));
	}

}
