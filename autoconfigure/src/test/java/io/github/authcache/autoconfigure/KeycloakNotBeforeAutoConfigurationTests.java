/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.authcache.cache.Invalidation;
import io.github.authcache.cache.Revocations;
import io.github.authcache.resolver.Identity;
import io.github.authcache.security.KeycloakNotBeforeHandler;
import io.github.authcache.testing.CacheData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration of Keycloak's not-before push receiver.
 *
 * @author authcache authors
 */
class KeycloakNotBeforeAutoConfigurationTests {

	private static final String ISSUER = "https://keycloak.example.com/realms/R";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, AuthCacheResolverAutoConfiguration.class,
				AuthCacheAutoConfiguration.class, AuthCacheWebSecurityAutoConfiguration.class,
				AuthCacheKeycloakNotBeforeAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.client-type=jedis", "spring.data.redis.port=1",
				CacheData.SECRET_PROPERTY, "authcache.introspection.uri=http://127.0.0.1:1/introspect",
				"authcache.introspection.client-id=rs", "authcache.introspection.client-secret=secret");

	@Test
	void handlerWhenEnabledServesTheDefaultPathAndRevocationsWatchTheIssuer() {
		this.runner
			.withPropertyValues("authcache.keycloak.not-before.enabled=true",
					"authcache.keycloak.not-before.issuer=" + ISSUER, "authcache.keycloak.not-before.client-id=app")
			.run((context) -> {
				assertThat(context.getBean(KeycloakNotBeforeHandler.class).getPath()).isEqualTo("/k_push_not_before");
				Revocations revocations = context.getBean(Revocations.class);
				Instant watermark = Instant.now().minusSeconds(5);
				revocations.applyLocally(new Invalidation(Invalidation.Type.NOT_BEFORE, ISSUER, watermark));
				Identity token = new Identity("alice", null, null, null, List.of(),
						Map.of("iss", ISSUER, "iat", watermark.getEpochSecond() - 1));
				assertThat(revocations.checkLocal("authcache:token:t", token, Instant.now()))
					.isEqualTo(Revocations.Verdict.TOKEN_REVOKED);
			});
	}

	@Test
	void handlerBacksOffByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(KeycloakNotBeforeHandler.class));
	}

}
