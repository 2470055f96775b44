/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.kratos;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.test.junit.RealServersExtension;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OryStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KratosSessionResolver} against an Ory stub that follows the wire
 * contract.
 *
 * @author authcache authors
 */
@ExtendWith(RealServersExtension.class)
class KratosSessionResolverTests {

	private final OryStub ory;

	private final KratosSessionResolver resolver;

	KratosSessionResolverTests(OryStub ory) {
		this.ory = ory;
		this.resolver = new KratosSessionResolver(URI.create(ory.kratosPublicUrl()),
				new UpstreamHttpClient(Duration.ofSeconds(1), Duration.ofSeconds(2)), JsonMapper.builder().build());
	}

	@Test
	void resolveWhenNoTraitsChosenThenEveryTraitIsKept() {
		assertThat(traits(resolve())).containsOnlyKeys("consent", "email", "name")
			.containsEntry("consent", Map.of("newsletter", false, "tos", "2022-12-01T13:50:28.706Z"));
	}

	@Test
	void resolveWhenTraitsChosenThenOnlyThoseAreKept() {
		this.resolver.setTraits(List.of("email", "name", "phone"));
		Map<String, Object> traits = traits(resolve());
		assertThat(traits).containsOnlyKeys("email", "name").containsEntry("name", "User");
		assertThat(List.copyOf(traits.keySet())).as("in the order Kratos sent them").containsExactly("email", "name");
	}

	@Test
	void resolveWhenTraitsChosenThenTheOtherAttributesAreKept() {
		this.resolver.setTraits(List.of("email"));
		Map<String, Object> attributes = resolve().identity().attributes();
		assertThat(attributes).containsKeys(KratosAttributes.AAL, KratosAttributes.AUTHENTICATED_AT,
				KratosAttributes.METHODS, KratosAttributes.TRAITS);
	}

	private Resolution.Active resolve() {
		Map<String, Object> traits = new LinkedHashMap<>();
		traits.put("consent", Map.of("newsletter", false, "tos", "2022-12-01T13:50:28.706Z"));
		traits.put("email", "user@example.org");
		traits.put("name", "User");
		KratosSessionSpec session = this.ory.registerSession(KratosSessionSpec.builder().traits(traits).build());
		Resolution resolution = this.resolver
			.resolve(new Credential(CredentialType.SESSION_COOKIE, session.cookieValue()));
		assertThat(resolution).isInstanceOf(Resolution.Active.class);
		return (Resolution.Active) resolution;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> traits(Resolution.Active active) {
		return (Map<String, Object>) active.identity().attributes().get(KratosAttributes.TRAITS);
	}

}
