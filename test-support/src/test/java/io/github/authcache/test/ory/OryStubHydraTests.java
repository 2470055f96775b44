/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Hydra introspection and revocation endpoints of {@link OryStub}.
 */
class OryStubHydraTests {

	private static final String INTROSPECT = "/admin/oauth2/introspect";

	private final OryStub stub = OryStub.start();

	private final StubClient http = new StubClient(this.stub);

	@AfterEach
	void close() {
		this.stub.close();
	}

	@Test
	void introspectWhenActiveThenContractFieldsInHydraOrder() {
		OAuth2TokenSpec token = this.stub.registerToken(OAuth2TokenSpec.builder()
			.scopes("offline", "read")
			.audience("https://aud.example.com")
			.username("ory-username")
			.ext(Map.of("username", "ory-username"))
			.build());
		HttpResponse<String> response = this.http.form(INTROSPECT, "token=" + token.token());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
		assertThat(response.headers().firstValue("Cache-Control")).isEmpty();
		JsonNode body = StubClient.parse(response.body());
		JsonNode fixture = StubClient.parse(StubClient.fixture("hydra/introspect-200-active.json"));
		assertThat(StubClient.fieldNames(body)).isEqualTo(StubClient.fieldNames(fixture));
		assertThat(body.get("active").asBoolean()).isTrue();
		assertThat(body.get("scope").asString()).isEqualTo("offline read");
		assertThat(body.get("sub").asString()).isEqualTo(token.subject());
		assertThat(body.get("client_id").asString()).isEqualTo(token.clientId());
		assertThat(body.get("exp").asLong()).isEqualTo(token.expiresAt().getEpochSecond());
		assertThat(body.get("nbf").asLong()).isEqualTo(body.get("iat").asLong());
		assertThat(body.get("aud").isArray()).isTrue();
		assertThat(body.get("iss").asString()).isEqualTo(this.stub.baseUrl() + "/");
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("token_use").asString()).isEqualTo("access_token");
		assertThat(body.get("ext").get("username").asString()).isEqualTo("ory-username");
	}

	@Test
	void introspectWhenNoAudienceOrExtThenEmptyArrayAndNoExt() {
		OAuth2TokenSpec token = this.stub.registerToken();
		JsonNode body = StubClient.parse(this.http.form(INTROSPECT, "token=" + token.token()).body());
		assertThat(body.get("aud").isArray()).isTrue();
		assertThat(body.get("aud")).isEmpty();
		assertThat(body.has("ext")).isFalse();
		assertThat(body.has("scope")).isFalse();
		assertThat(body.has("username")).isFalse();
	}

	@Test
	void introspectWhenUnknownExpiredOrRevokedThenInactiveWithNoStore() {
		OAuth2TokenSpec expired = this.stub
			.registerToken(OAuth2TokenSpec.builder().expiresAt(Instant.now().minusSeconds(1)).build());
		OAuth2TokenSpec revoked = this.stub.registerToken();
		this.stub.revokeToken(revoked.token());
		for (String token : List.of(OryCredentials.accessToken(), expired.token(), revoked.token())) {
			HttpResponse<String> response = this.http.form(INTROSPECT, "token=" + token);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(StubClient.fixture("hydra/introspect-200-inactive.json"));
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
			assertThat(response.headers().firstValue("Pragma")).hasValue("no-cache");
		}
	}

	@Test
	void introspectWhenScopeRequestedThenEveryScopeMustBeGranted() {
		OAuth2TokenSpec token = this.stub.registerToken(OAuth2TokenSpec.builder().scopes("read", "photos.*").build());
		assertThat(active("token=" + token.token() + "&scope=read")).isTrue();
		assertThat(active("token=" + token.token() + "&scope=read+photos.list")).isTrue();
		assertThat(active("token=" + token.token() + "&scope=read%20write")).isFalse();
		assertThat(active("token=" + token.token() + "&scope=admin")).isFalse();
		assertThat(active("token=" + token.token() + "&token_type_hint=access_token")).isTrue();
	}

	@Test
	void introspectWhenRefreshTokenThenActiveWithRefreshTokenUse() {
		OAuth2TokenSpec access = OAuth2TokenSpec.builder().scopes("offline").build();
		OAuth2TokenSpec refresh = OAuth2TokenSpec.refreshTokenFor(access).build();
		this.stub.registerTokenPair(access, refresh);
		assertThat(refresh.token()).startsWith("ory_rt_");
		JsonNode body = StubClient.parse(this.http.form(INTROSPECT, "token=" + refresh.token()).body());
		assertThat(body.get("active").asBoolean()).isTrue();
		assertThat(body.get("token_use").asString()).isEqualTo("refresh_token");
	}

	@Test
	void introspectWhenEmptyOrJsonBodyThen400InvalidRequest() {
		String expected = StubClient.fixture("hydra/introspect-400-empty-body.json");
		HttpResponse<String> empty = this.http.form(INTROSPECT, "");
		HttpResponse<String> json = this.http.sendWithBody("POST", INTROSPECT, "{\"token\":\"ory_at_x\"}",
				"Content-Type", "application/json");
		for (HttpResponse<String> response : List.of(empty, json)) {
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).isEqualTo(expected);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
			assertThat(response.headers().firstValue("Pragma")).hasValue("no-cache");
		}
	}

	@Test
	void introspectWhenUnprefixedPathThenSameAnswer() {
		OAuth2TokenSpec token = this.stub.registerToken();
		HttpResponse<String> response = this.http.form("/oauth2/introspect", "token=" + token.token());
		assertThat(StubClient.parse(response.body()).get("active").asBoolean()).isTrue();
		assertThat(this.stub.introspectCalls()).isEqualTo(1);
	}

	@Test
	void introspectWhenAuthorizationRequiredThenOthersGetInvalidClient() {
		try (OryStub network = OryStub.builder().requiredAuthorization("Bearer ory_apikey_test").start()) {
			StubClient client = new StubClient(network);
			OAuth2TokenSpec token = network.registerToken();
			HttpResponse<String> rejected = client.form(INTROSPECT, "token=" + token.token());
			assertThat(rejected.statusCode()).isEqualTo(401);
			assertThat(StubClient.parse(rejected.body()).get("error").asString()).isEqualTo("invalid_client");
			HttpResponse<String> accepted = client.form(INTROSPECT, "token=" + token.token(), "Authorization",
					"Bearer ory_apikey_test");
			assertThat(accepted.statusCode()).isEqualTo(200);
			assertThat(client.form("/oauth2/revoke", "token=" + token.token()).statusCode()).isEqualTo(401);
		}
	}

	@Test
	void revokeWhenTokenOfPairThenBothInactiveAndEmptyNoStoreAnswer() {
		OAuth2TokenSpec access = OAuth2TokenSpec.builder().build();
		OAuth2TokenSpec refresh = OAuth2TokenSpec.refreshTokenFor(access).build();
		this.stub.registerTokenPair(access, refresh);
		HttpResponse<String> response = this.http.form("/oauth2/revoke",
				"token=" + refresh.token() + "&token_type_hint=refresh_token");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("Pragma")).hasValue("no-cache");
		assertThat(active("token=" + access.token())).isFalse();
		assertThat(active("token=" + refresh.token())).isFalse();
		assertThat(this.stub.isTokenRevoked(access.token())).isTrue();
		assertThat(this.stub.revokeCalls()).isEqualTo(1);
	}

	@Test
	void revokeWhenUnknownTokenThen200() {
		assertThat(this.http.form("/oauth2/revoke", "token=" + OryCredentials.accessToken()).statusCode())
			.isEqualTo(200);
	}

	@Test
	void credentialsWhenMintedThenMatchOryFormats() {
		assertThat(OryCredentials.sessionToken()).matches("ory_st_[A-Za-z0-9]{32}");
		assertThat(OryCredentials.logoutToken()).matches("ory_lo_[A-Za-z0-9]{32}");
		assertThat(OryCredentials.accessToken()).matches("ory_at_[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}");
		assertThat(OryCredentials.refreshToken()).matches("ory_rt_[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}");
		assertThat(OryCredentials.sessionCookieValue()).matches("[A-Za-z0-9_-]{200,}");
		assertThat(OryCredentials.sessionToken()).isNotEqualTo(OryCredentials.sessionToken());
	}

	private boolean active(String form) {
		return StubClient.parse(this.http.form(INTROSPECT, form).body()).get("active").asBoolean();
	}

}
