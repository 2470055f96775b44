/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.InMemoryRevocationStore;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.resolver.jwt.JwtValidation;
import io.github.authcache.testing.JwtIssuer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SecurityEventTokenVerifier}: one test per check, each refusing a token
 * that only that check can refuse, with its RFC 8935 error code.
 *
 * @author authcache authors
 */
class SecurityEventTokenVerifierTests {

	private static final Duration MAX_AGE = Duration.ofMinutes(5);

	private static final JwtIssuer transmitter = new JwtIssuer();

	private static final JwtIssuer stranger = new JwtIssuer();

	private final SecurityEventTokenVerifier verifier = new SecurityEventTokenVerifier(
			JwtValidation.decoder(URI.create(transmitter.jwkSetUri()), Duration.ofSeconds(5), Duration.ofSeconds(5),
					SecurityEventTokenVerifier.validator(transmitter.issuer(), "my-receiver", MAX_AGE)),
			new OneTimeTokens(new InMemoryRevocationStore(Clock.systemUTC()), new CacheKeys("authcache:", null)),
			MAX_AGE);

	@AfterAll
	static void stopServers() {
		transmitter.close();
		stranger.close();
	}

	@Test
	void verifyWhenSignedByTheTransmitterThenTheClaims() {
		Jwt jwt = this.verifier.verify(sign(transmitter, SecurityEventTokenVerifier.TYPE, (claims) -> {
		}));
		assertThat(jwt.getClaimAsMap("events")).containsKey(SharedSignalsReceiver.SESSION_REVOKED);
	}

	@Test
	void verifyWhenTypeIsApplicationSeceventJwtThenTheClaims() {
		Jwt jwt = this.verifier.verify(sign(transmitter, "application/secevent+jwt", (claims) -> {
		}));
		assertThat(jwt.getId()).isNotNull();
	}

	@Test
	void verifyWhenSignedByAnotherKeyThenInvalidKey() {
		assertRefused(
				sign(stranger, SecurityEventTokenVerifier.TYPE, (claims) -> claims.put("iss", transmitter.issuer())),
				"invalid_key");
	}

	@Test
	void verifyWhenSignatureAlteredThenInvalidKey() {
		String token = sign(transmitter, SecurityEventTokenVerifier.TYPE, (claims) -> {
		});
		String other = sign(transmitter, SecurityEventTokenVerifier.TYPE, (claims) -> claims.put("jti", "other"));
		String forged = token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
		assertRefused(forged, "invalid_key");
	}

	@Test
	void verifyWhenAnotherIssuerThenInvalidIssuer() {
		assertRefused(sign(transmitter, SecurityEventTokenVerifier.TYPE,
				(claims) -> claims.put("iss", "https://evil.example")), "invalid_issuer");
	}

	@Test
	void verifyWhenAnotherAudienceThenInvalidAudience() {
		assertRefused(sign(transmitter, SecurityEventTokenVerifier.TYPE, (claims) -> claims.put("aud", "another")),
				"invalid_audience");
	}

	@Test
	void verifyWhenTypeIsJwtThenInvalidRequest() {
		assertRefused(sign(transmitter, "JWT", (claims) -> {
		}), "invalid_request");
	}

	@Test
	void verifyWhenNoTypeThenInvalidRequest() {
		assertRefused(sign(transmitter, null, (claims) -> {
		}), "invalid_request");
	}

	@Test
	void verifyWhenIssuedBeforeTheMaximumAgeThenInvalidRequest() {
		assertRefused(
				sign(transmitter, SecurityEventTokenVerifier.TYPE,
						(claims) -> claims.put("iat", Instant.now().minus(MAX_AGE).minusSeconds(10))),
				"invalid_request");
	}

	@Test
	void verifyWhenIssuedBeyondTheClockSkewThenInvalidRequest() {
		assertRefused(sign(transmitter, SecurityEventTokenVerifier.TYPE,
				(claims) -> claims.put("iat", Instant.now().plusSeconds(120))), "invalid_request");
	}

	@Test
	void verifyWhenNoJtiThenInvalidRequest() {
		assertRefused(sign(transmitter, SecurityEventTokenVerifier.TYPE, (claims) -> claims.remove("jti")),
				"invalid_request");
	}

	@Test
	void verifyWhenNoEventsThenInvalidRequest() {
		assertRefused(sign(transmitter, SecurityEventTokenVerifier.TYPE, (claims) -> claims.put("events", "x")),
				"invalid_request");
	}

	@Test
	void firstUseWhenTheJtiWasUsedThenFalse() {
		String token = sign(transmitter, SecurityEventTokenVerifier.TYPE, (claims) -> {
		});
		assertThat(this.verifier.firstUse(this.verifier.verify(token))).isTrue();
		assertThat(this.verifier.firstUse(this.verifier.verify(token))).isFalse();
	}

	private void assertRefused(String token, String errorCode) {
		assertThatExceptionOfType(InvalidSecurityEventTokenException.class)
			.isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(errorCode));
	}

	private static String sign(JwtIssuer issuer, @Nullable String type, Consumer<Map<String, Object>> change) {
		return issuer.sign(type, issuer.keyId(), (claims) -> {
			claims.remove("exp");
			claims.put("aud", "my-receiver");
			claims.put("jti", UUID.randomUUID().toString());
			claims.put("sub_id", Map.of("format", "iss_sub", "iss", transmitter.issuer(), "sub", "user-1"));
			claims.put("events", Map.of(SharedSignalsReceiver.SESSION_REVOKED, Map.of()));
			change.accept(claims);
		});
	}

}
