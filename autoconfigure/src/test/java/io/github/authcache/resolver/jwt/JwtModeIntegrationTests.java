/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.github.authcache.security.BackChannelLogoutHandler;
import io.github.authcache.testing.JwtIssuer;
import io.github.authcache.testing.WebIntegrationTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * JWT mode through HTTP, configured by properties: only access tokens for this
 * application's audience are accepted; ID tokens, logout tokens and tokens without
 * {@code exp} or {@code iat} are refused; {@code azp} is the client; Keycloak roles are
 * authorities; a misconfigured issuer is explained at WARN.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = JwtModeIntegrationTests.TestApplication.class,
		properties = "logging.level.io.github.authcache.resolver.jwt=DEBUG")
@ExtendWith(OutputCaptureExtension.class)
class JwtModeIntegrationTests extends WebIntegrationTests {

	private static final JwtIssuer issuer = new JwtIssuer();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("authcache.jwt.jwk-set-uri", issuer::jwkSetUri);
		registry.add("authcache.jwt.issuer", issuer::issuer);
		registry.add("authcache.jwt.required-audiences", () -> "my-api");
	}

	@AfterAll
	static void stopIssuer() {
		issuer.close();
	}

	@Test
	void accessTokenOfEveryTypeThen200() throws Exception {
		for (String type : new String[] { "at+jwt", "application/at+jwt", "JWT", null }) {
			request(type, this::accessToken).andExpect(status().isOk());
		}
		request("JWT", (claims) -> {
			accessToken(claims);
			claims.put("typ", "Bearer");
		}).andExpect(status().isOk());
		assertThat(ory.introspectCalls()).isZero();
	}

	@Test
	void idTokenLogoutTokenAndOtherShapesThen401() throws Exception {
		List<Consumer<Map<String, Object>>> refused = List.of(with("nonce", "n"), with("at_hash", "h"),
				with("c_hash", "h"), with("typ", "ID"), with("typ", "Refresh"),
				with("events", Map.of(BackChannelLogoutHandler.LOGOUT_EVENT, Map.of())), without("exp"), without("iat"),
				with("aud", List.of("another-app")), without("aud"), with("iss", "https://evil"));
		List<Integer> statuses = new ArrayList<>();
		for (Consumer<Map<String, Object>> claims : refused) {
			statuses.add(request("JWT", claims).andReturn().getResponse().getStatus());
		}
		assertThat(statuses).containsOnly(401);
		request("logout+jwt", this::accessToken).andExpect(status().isUnauthorized());
		request("id_token+jwt", this::accessToken).andExpect(status().isUnauthorized());
		request("at+jwt", this::accessToken).andExpect(status().isOk());
	}

	@Test
	void azpIsTheClientAndKeycloakRolesAreAuthorities() throws Exception {
		request("JWT", (claims) -> {
			accessToken(claims);
			claims.remove("client_id");
			claims.put("azp", "keycloak-client");
			claims.put("scope", "openid profile");
			claims.put("realm_access", Map.of("roles", List.of("admin")));
			claims.put("resource_access", Map.of("my-api", Map.of("roles", List.of("editor"))));
		}).andExpect(status().isOk())
			.andExpect(content().string(
					"keycloak-client [SCOPE_openid, SCOPE_profile, ROLE_admin, ROLE_my-api:editor, FACTOR_BEARER]"));
	}

	@Test
	void issuerMismatchThenDebugPerTokenAndOneWarningNamingTheSetting(CapturedOutput output) throws Exception {
		for (int i = 0; i < 3; i++) {
			request("JWT", with("iss", "http://localhost:1")).andExpect(status().isUnauthorized());
		}
		assertThat(output.getAll().split("Refused a JWT: .*The iss claim is not valid")).hasSize(4);
		assertThat(output.getAll().split("No JWT has passed the issuer and audience checks")).hasSize(2);
		assertThat(output).contains("authcache.jwt.issuer").contains("The iss claim is not valid");
	}

	private ResultActions request(String type, Consumer<Map<String, Object>> claims) throws Exception {
		return this.mvc
			.perform(get("/api/token").header("Authorization", "Bearer " + issuer.sign(type, issuer.keyId(), claims)));
	}

	private void accessToken(Map<String, Object> claims) {
		claims.put("sub", "user-1");
		claims.put("aud", List.of("my-api"));
		claims.put("client_id", "app");
		claims.put("jti", UUID.randomUUID().toString());
	}

	private Consumer<Map<String, Object>> with(String claim, Object value) {
		return (claims) -> {
			accessToken(claims);
			claims.put(claim, value);
		};
	}

	private Consumer<Map<String, Object>> without(String claim) {
		return (claims) -> {
			accessToken(claims);
			claims.remove(claim);
		};
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@RestController
		static class TokenController {

			@GetMapping("/api/token")
			String token(BearerTokenAuthentication authentication) {
				return authentication.getTokenAttributes().get("client_id") + " "
						+ authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
			}

		}

	}

}
