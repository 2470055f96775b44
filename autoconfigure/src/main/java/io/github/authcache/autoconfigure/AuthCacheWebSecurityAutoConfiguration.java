/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.credential.CredentialExtractor;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.credential.OryCredentialExtractor;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.UpstreamRevocations;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.jwt.JwtValidation;
import io.github.authcache.security.AuthCacheAuthenticationProvider;
import io.github.authcache.security.AuthCacheLogoutHandler;
import io.github.authcache.security.AuthCacheOpaqueTokenIntrospector;
import io.github.authcache.security.BackChannelLogoutHandler;
import io.github.authcache.security.CredentialSafeRequestRejectedHandler;
import io.github.authcache.security.DPoPNonces;
import io.github.authcache.security.DPoPProofVerifier;
import io.github.authcache.security.FreshnessPolicy;
import io.github.authcache.security.OryEventStreamHandler;
import io.github.authcache.security.ProtectedResourceMetadataCustomizer;
import io.github.authcache.security.SharedSecretRequestMatcher;
import io.github.authcache.security.TokenBindingVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.Assert;

import static io.github.authcache.security.AuthCacheConfigurer.authCache;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of authcache's Spring Security
 * integration: the credential extractor and the freshness rules that
 * {@code http.with(authCache(), …)} picks up (the authentication provider is no bean: the
 * configurer adds it to its chain's authentication manager), the issuers authcache trusts
 * ({@code authcache.jwt.issuer}, {@code authcache.introspection.trusted-issuers}) as the
 * {@code authorization_servers} of the protected resource metadata, and a default
 * {@link SecurityFilterChain} (every request authenticated, no HTTP session) when the
 * application defines none.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@AutoConfiguration(
		before = { ManagementWebSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
				UserDetailsServiceAutoConfiguration.class },
		after = AuthCacheAutoConfiguration.class,
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass({ HttpSecurity.class, SecurityFilterChain.class, BearerTokenAuthentication.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "authcache.enabled", matchIfMissing = true)
@ConditionalOnBean(CredentialCache.class)
public final class AuthCacheWebSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(OpaqueTokenIntrospector.class)
	AuthCacheOpaqueTokenIntrospector authCacheOpaqueTokenIntrospector(CredentialCache cache,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		AuthCacheAuthenticationProvider provider = new AuthCacheAuthenticationProvider(cache);
		provider.setObservationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		return new AuthCacheOpaqueTokenIntrospector(provider);
	}

	@Bean
	@ConditionalOnMissingBean
	CredentialExtractor authCacheCredentialExtractor(AuthCacheProperties properties,
			ObjectProvider<IdentityResolver> resolvers) {
		Set<CredentialType> types = EnumSet.noneOf(CredentialType.class);
		resolvers.forEach((resolver) -> EnumSet.allOf(CredentialType.class)
			.stream()
			.filter(resolver::supports)
			.forEach(types::add));
		OryCredentialExtractor extractor = new OryCredentialExtractor(types);
		extractor.setCookieName(properties.getKratos().getCookieName());
		extractor.setSessionTokenPrefix(properties.getKratos().getSessionTokenPrefix());
		extractor.setMaxLength(properties.getCredentials().getMaxLength());
		return extractor;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(UpstreamRevocations.class)
	AuthCacheLogoutHandler authCacheLogoutHandler(CredentialExtractor credentialExtractor,
			AuthCacheInvalidator invalidator, UpstreamRevocations upstreamRevocations) {
		return new AuthCacheLogoutHandler(credentialExtractor, invalidator, upstreamRevocations);
	}

	@Bean
	@ConditionalOnMissingBean(RequestRejectedHandler.class)
	CredentialSafeRequestRejectedHandler authCacheRequestRejectedHandler() {
		return new CredentialSafeRequestRejectedHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	FreshnessPolicy authCacheFreshnessPolicy(AuthCacheProperties properties) {
		return new FreshnessPolicy(properties.getFreshness());
	}

	@Bean
	ProtectedResourceMetadataCustomizer authCacheAuthorizationServers(AuthCacheProperties properties) {
		Set<String> issuers = new LinkedHashSet<>();
		if (properties.getJwt().getIssuer() != null) {
			issuers.add(properties.getJwt().getIssuer());
		}
		issuers.addAll(properties.getIntrospection().getTrustedIssuers());
		return (metadata) -> issuers.forEach(metadata::authorizationServer);
	}

	@Configuration(proxyBeanMethods = false)
	// Spring Security 7.1's replay validator: 7.0 (Spring Boot 4.0) has no DPoP proof
	// checks to build on, and DPoP-bound tokens are then refused
	@ConditionalOnClass(name = "org.springframework.security.oauth2.jwt.DPoPProofReplayValidator")
	static class TokenBindingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TokenBindingVerifier authCacheTokenBindingVerifier(AuthCacheProperties properties, ResilientStores stores,
				CacheKeys keys) {
			DPoPProofVerifier dpop = new DPoPProofVerifier(new OneTimeTokens(stores.revocationStore(), keys));
			dpop.setClockSkew(properties.getDpop().getClockSkew());
			AuthCacheProperties.Dpop.Nonce nonce = properties.getDpop().getNonce();
			if (nonce.isEnabled()) {
				AuthCacheProperties.Cache cache = properties.getCache();
				String secret = cache.getSecret();
				Assert.state(secret != null, "'authcache.cache.secret' must be set for DPoP nonces");
				dpop.setNonces(new DPoPNonces(secret, cache.getPreviousSecrets(), nonce.getWindow(),
						properties.getDpop().getClockSkew(), Clock.systemUTC()));
			}
			return new TokenBindingVerifier(dpop);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NimbusJwtDecoder.class)
	@ConditionalOnBooleanProperty("authcache.back-channel-logout.enabled")
	static class BackChannelLogoutConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(AuthCacheInvalidator.class)
		BackChannelLogoutHandler authCacheBackChannelLogoutHandler(AuthCacheProperties properties,
				AuthCacheInvalidator invalidator, ResilientStores stores, CacheKeys keys) {
			AuthCacheProperties.BackChannelLogout backChannelLogout = properties.getBackChannelLogout();
			URI jwkSetUri = backChannelLogout.getJwkSetUri();
			Assert.state(jwkSetUri != null, "'authcache.back-channel-logout.jwk-set-uri' must be set");
			String issuer = backChannelLogout.getIssuer();
			if (issuer == null || backChannelLogout.getAudiences().isEmpty()) {
				throw new InsecureConfigurationException(
						"Back-channel logout is enabled without authcache.back-channel-logout.issuer and "
								+ "authcache.back-channel-logout.audiences: a logout token the issuer made for "
								+ "another application, or one from another issuer sharing the keys, would log "
								+ "users out",
						"Set authcache.back-channel-logout.issuer to the identity provider's issuer and "
								+ "authcache.back-channel-logout.audiences to the client ids this application "
								+ "is registered as.");
			}
			AuthCacheProperties.Upstream upstream = properties.getUpstream();
			NimbusJwtDecoder decoder = JwtValidation.decoder(jwkSetUri, upstream.getConnectTimeout(),
					upstream.getReadTimeout(), JwtValidation.logoutTokenValidator(issuer,
							backChannelLogout.getAudiences(), BackChannelLogoutHandler.logoutTokenValidator()));
			BackChannelLogoutHandler handler = new BackChannelLogoutHandler(decoder, invalidator,
					new OneTimeTokens(stores.revocationStore(), keys));
			handler.setPath(backChannelLogout.getPath());
			return handler;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("authcache.ory-events.enabled")
	static class OryEventStreamConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(AuthCacheInvalidator.class)
		OryEventStreamHandler authCacheOryEventStreamHandler(AuthCacheProperties properties,
				AuthCacheInvalidator invalidator, ResilientStores stores, CacheKeys keys,
				ObjectProvider<MeterRegistry> meterRegistry) {
			AuthCacheProperties.OryEvents oryEvents = properties.getOryEvents();
			String secret = oryEvents.getSecret();
			Assert.state(secret != null, "'authcache.ory-events.secret' must be set");
			OryEventStreamHandler handler = new OryEventStreamHandler(invalidator,
					new OneTimeTokens(stores.revocationStore(), keys),
					new SharedSecretRequestMatcher(oryEvents.getUsername(), secret, oryEvents.getApiKeyHeader()));
			handler.setPath(oryEvents.getPath());
			meterRegistry.ifAvailable(handler::setMeterRegistry);
			return handler;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnDefaultWebSecurity
	static class DefaultSecurityFilterChainConfiguration {

		@Bean
		SecurityFilterChain authCacheSecurityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.with(authCache(), withDefaults());
			return http.build();
		}

	}

}
