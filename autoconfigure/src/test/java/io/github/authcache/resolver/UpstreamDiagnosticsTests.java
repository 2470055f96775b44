/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.introspection.TokenIntrospectionResolver;
import io.github.authcache.resolver.introspection.TokenRevocationClient;
import io.github.authcache.resolver.kratos.KratosAdminClient;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryCredentials;
import io.github.authcache.test.ory.OryStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for what the resolvers and upstream clients say when the identity provider's
 * answers point at a configuration error: credentials of the starter's own refused, every
 * token inactive. Ory stub following the wire contract (401 {@code invalid_client} for
 * wrong client credentials).
 *
 * @author authcache authors
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamDiagnosticsTests {

	private static final String RIGHT = basic("authcache", "right-secret");

	private final OryStub ory = OryStub.builder().requiredAuthorization(RIGHT).start();

	private final UpstreamHttpClient http = new UpstreamHttpClient(Duration.ofSeconds(10), Duration.ofSeconds(10));

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void stop() {
		this.ory.close();
	}

	@Test
	void introspectWhenClientSecretWrongThenMisconfiguredAndOneWarningNamingTheSettings(CapturedOutput output) {
		OAuth2TokenSpec token = this.ory.registerToken();
		TokenIntrospectionResolver resolver = introspection();
		resolver.setClientCredentials("authcache", "wrong-secret");
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(UpstreamMisconfiguredException.class)
				.isThrownBy(() -> resolver.resolve(accessToken(token.token())));
		}
		assertThat(warnings(output, "authcache.introspection.client-id")).isOne();
		assertThat(output).doesNotContain("wrong-secret").doesNotContain(token.token());
	}

	@Test
	void introspectWhenClientSecretRightThenActiveAndNoWarning(CapturedOutput output) {
		OAuth2TokenSpec token = this.ory.registerToken();
		TokenIntrospectionResolver resolver = introspection();
		resolver.setClientCredentials("authcache", "right-secret");
		assertThat(resolver.resolve(accessToken(token.token()))).isInstanceOf(Resolution.Active.class);
		assertThat(output).doesNotContain("WARN");
	}

	@Test
	void revokeWhenClientSecretWrongThenMisconfiguredNamingTheSettings(CapturedOutput output) {
		TokenRevocationClient client = new TokenRevocationClient(URI.create(this.ory.revocationUri()), this.http);
		client.setClientCredentials("authcache", "wrong-secret");
		assertThatExceptionOfType(UpstreamMisconfiguredException.class)
			.isThrownBy(() -> client.revoke(OryCredentials.accessToken()))
			.withMessageContaining("authcache.introspection.client-id");
		assertThat(warnings(output, "authcache.introspection.client-id")).isOne();
	}

	@Test
	void revokeSessionWhenApiKeyRefusedThenMisconfiguredNamingTheApiKey(CapturedOutput output) {
		KratosAdminClient client = new KratosAdminClient(URI.create(this.ory.kratosAdminUrl()), this.http);
		client.setApiKey("ory_apikey_wrong");
		this.ory.failWith(403);
		assertThatExceptionOfType(UpstreamMisconfiguredException.class)
			.isThrownBy(() -> client.revokeSession(OryCredentials.uuid()));
		assertThat(warnings(output, "authcache.kratos.api-key")).isOne();
		assertThat(output).doesNotContain("ory_apikey_wrong");
	}

	@Test
	void introspectWhenEveryTokenInactiveThenOneWarningNamingAudienceAndIssuer(CapturedOutput output) {
		TokenIntrospectionResolver resolver = introspection();
		resolver.setClientCredentials("authcache", "right-secret");
		for (int i = 0; i < 45; i++) {
			assertThat(resolver.resolve(accessToken(OryCredentials.accessToken())))
				.isInstanceOf(Resolution.Inactive.class);
		}
		assertThat(warnings(output, "audience mapper")).isOne();
		assertThat(output).contains("authcache.introspection.required-audiences");
	}

	@Test
	void introspectWhenSomeTokensActiveThenNoInactiveWarning(CapturedOutput output) {
		OAuth2TokenSpec token = this.ory.registerToken();
		TokenIntrospectionResolver resolver = introspection();
		resolver.setClientCredentials("authcache", "right-secret");
		for (int i = 0; i < 45; i++) {
			String value = (i % 15 == 14) ? token.token() : OryCredentials.accessToken();
			resolver.resolve(accessToken(value));
		}
		assertThat(output).doesNotContain("audience mapper");
	}

	@Test
	void introspectWhenNoClientIdThenClientIdFromAzp() {
		long exp = Instant.now().plusSeconds(300).getEpochSecond();
		this.ory.failWith(200, "application/json",
				"{\"active\":true,\"sub\":\"user-1\",\"azp\":\"keycloak-client\",\"exp\":" + exp + "}");
		Resolution resolution = introspection().resolve(accessToken(OryCredentials.accessToken()));
		assertThat(((Resolution.Active) resolution).identity().attributes()).containsEntry("client_id",
				"keycloak-client");
	}

	@Test
	void introspectWhenClientIdAndAzpThenClientIdKept() {
		long exp = Instant.now().plusSeconds(300).getEpochSecond();
		this.ory.failWith(200, "application/json", "{\"active\":true,\"sub\":\"user-1\",\"client_id\":\"hydra-client\","
				+ "\"azp\":\"other\",\"exp\":" + exp + "}");
		Resolution resolution = introspection().resolve(accessToken(OryCredentials.accessToken()));
		assertThat(((Resolution.Active) resolution).identity().attributes()).containsEntry("client_id", "hydra-client");
	}

	@Test
	void introspectWhenExpNotANumberThenNoVerdict() {
		this.ory.failWith(200, "application/json", "{\"active\":true,\"sub\":\"user-1\",\"exp\":\"tomorrow\"}");
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> introspection().resolve(accessToken(OryCredentials.accessToken())));
	}

	private TokenIntrospectionResolver introspection() {
		return new TokenIntrospectionResolver(URI.create(this.ory.introspectionUri()), this.http, this.json);
	}

	private static Credential accessToken(String value) {
		return new Credential(CredentialType.ACCESS_TOKEN, value);
	}

	private static long warnings(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains("WARN") && line.contains(text)).count();
	}

	private static String basic(String clientId, String secret) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

}
