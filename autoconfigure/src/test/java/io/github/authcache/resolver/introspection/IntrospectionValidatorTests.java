/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.introspection;

import java.util.List;
import java.util.Map;

import io.github.authcache.resolver.Identity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IntrospectionValidator}.
 *
 * @author authcache authors
 */
class IntrospectionValidatorTests {

	private final IntrospectionValidator validator = new IntrospectionValidator();

	@Test
	void validateWhenHydraAccessTokenThenAccepted() {
		assertThat(this.validator.validate(token(Map.of("token_use", "access_token", "token_type", "Bearer"))))
			.isNull();
	}

	@Test
	void validateWhenHydraRefreshTokenThenRejected() {
		assertThat(this.validator.validate(token(Map.of("token_use", "refresh_token", "token_type", "Bearer"))))
			.isEqualTo("The token is not an access token");
	}

	@Test
	void validateWhenOnlyTokenTypeDPoPThenAccepted() {
		assertThat(this.validator.validate(token(Map.of("token_type", "DPoP")))).isNull();
	}

	@Test
	void validateWhenOnlyTokenTypeBearerThenAccepted() {
		assertThat(this.validator.validate(token(Map.of("token_type", "bearer")))).isNull();
	}

	@Test
	void validateWhenNeitherTokenUseNorTokenTypeThenRejected() {
		assertThat(this.validator.validate(token(Map.of("client_id", "c"))))
			.isEqualTo("The token is not an access token");
	}

	@Test
	void validateWhenAudienceIssuerAndScopesRequiredThenEachIsChecked() {
		IntrospectionValidator strict = new IntrospectionValidator(List.of("api"), List.of("https://issuer"),
				List.of("read"));
		Map<String, Object> good = Map.of("token_type", "Bearer", "aud", List.of("api", "other"), "iss",
				"https://issuer", "scope", "read write");
		assertThat(strict.validate(token(good))).isNull();
		assertThat(strict
			.validate(token(Map.of("token_type", "Bearer", "aud", "api", "iss", "https://issuer", "scope", "read"))))
			.isNull();
		assertThat(strict.validate(token(
				Map.of("token_type", "Bearer", "aud", List.of("other"), "iss", "https://issuer", "scope", "read"))))
			.isEqualTo("The token is not meant for this audience");
		assertThat(strict.validate(
				token(Map.of("token_type", "Bearer", "aud", List.of("api"), "iss", "https://evil", "scope", "read"))))
			.isEqualTo("The token's issuer is not trusted");
		assertThat(strict.validate(token(
				Map.of("token_type", "Bearer", "aud", List.of("api"), "iss", "https://issuer", "scope", "write"))))
			.isEqualTo("The token lacks a required scope");
	}

	private static Identity token(Map<String, Object> claims) {
		return new Identity("sub", null, null, null, List.of(), claims);
	}

}
