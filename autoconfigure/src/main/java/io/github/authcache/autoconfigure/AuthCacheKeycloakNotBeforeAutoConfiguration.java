/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.resolver.jwt.JwtValidation;
import io.github.authcache.security.KeycloakNotBeforeHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the receiver of Keycloak's
 * not-before push ({@code authcache.keycloak.not-before.enabled=true}): a
 * {@link KeycloakNotBeforeHandler} that verifies the pushed actions against the realm's
 * JWK Set (with the same JWKS caching as every authcache decoder), records their ids in
 * the revocation store, and raises the realm's watermark through the
 * {@link AuthCacheInvalidator}; {@code http.with(authCache(), …)} serves it at
 * {@code authcache.keycloak.not-before.path}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@AutoConfiguration(after = AuthCacheAutoConfiguration.class)
@ConditionalOnClass({ NimbusJwtDecoder.class, HttpSecurity.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("authcache.keycloak.not-before.enabled")
@ConditionalOnBean({ AuthCacheInvalidator.class, ResilientStores.class, CacheKeys.class })
public final class AuthCacheKeycloakNotBeforeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KeycloakNotBeforeHandler authCacheKeycloakNotBeforeHandler(AuthCacheProperties properties,
			AuthCacheInvalidator invalidator, ResilientStores stores, CacheKeys keys) {
		AuthCacheProperties.Keycloak.NotBefore notBefore = properties.getKeycloak().getNotBefore();
		String issuer = notBefore.getIssuer();
		String clientId = notBefore.getClientId();
		Assert.state(issuer != null && clientId != null, "The Keycloak not-before properties were not validated");
		URI jwkSetUri = (notBefore.getJwkSetUri() != null) ? notBefore.getJwkSetUri()
				: URI.create(issuer.replaceAll("/+$", "") + "/protocol/openid-connect/certs");
		AuthCacheProperties.Upstream upstream = properties.getUpstream();
		NimbusJwtDecoder decoder = JwtValidation.decoder(jwkSetUri, upstream.getConnectTimeout(),
				upstream.getReadTimeout(), KeycloakNotBeforeHandler.actionValidator(clientId));
		KeycloakNotBeforeHandler handler = new KeycloakNotBeforeHandler(decoder, invalidator,
				new OneTimeTokens(stores.revocationStore(), keys), issuer);
		handler.setPath(notBefore.getPath());
		return handler;
	}

}
