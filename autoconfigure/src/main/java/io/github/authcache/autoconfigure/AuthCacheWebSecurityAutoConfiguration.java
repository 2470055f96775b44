/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;

import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.CredentialExtractor;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.credential.OryCredentialExtractor;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.invalidation.UpstreamRevocations;
import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.security.AuthCacheAuthenticationProvider;
import io.github.authcache.security.AuthCacheLogoutHandler;
import io.github.authcache.security.BackChannelLogoutHandler;
import io.github.authcache.security.CredentialSafeRequestRejectedHandler;
import io.github.authcache.security.FreshnessPolicy;

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
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.Assert;

import static io.github.authcache.security.AuthCacheConfigurer.authCache;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of authcache's Spring Security
 * integration: the credential extractor, the authentication provider and the freshness
 * rules that {@code http.with(authCache(), …)} picks up, and a default
 * {@link SecurityFilterChain} (every request authenticated, no HTTP session) when the
 * application defines none.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@AutoConfiguration(before = { ManagementWebSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
		UserDetailsServiceAutoConfiguration.class }, after = AuthCacheAutoConfiguration.class)
@ConditionalOnClass({ HttpSecurity.class, SecurityFilterChain.class, BearerTokenAuthentication.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "authcache.enabled", matchIfMissing = true)
@ConditionalOnBean(CredentialCache.class)
public final class AuthCacheWebSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AuthCacheAuthenticationProvider authCacheAuthenticationProvider(CredentialCache cache) {
		return new AuthCacheAuthenticationProvider(cache);
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NimbusJwtDecoder.class)
	@ConditionalOnBooleanProperty("authcache.back-channel-logout.enabled")
	static class BackChannelLogoutConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(AuthCacheInvalidator.class)
		BackChannelLogoutHandler authCacheBackChannelLogoutHandler(AuthCacheProperties properties,
				AuthCacheInvalidator invalidator) {
			AuthCacheProperties.BackChannelLogout backChannelLogout = properties.getBackChannelLogout();
			URI jwkSetUri = backChannelLogout.getJwkSetUri();
			Assert.state(jwkSetUri != null, "'authcache.back-channel-logout.jwk-set-uri' must be set");
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri.toString()).build();
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
					JwtValidation.validator(backChannelLogout.getIssuer(), backChannelLogout.getAudiences(), false),
					BackChannelLogoutHandler.logoutTokenValidator()));
			BackChannelLogoutHandler handler = new BackChannelLogoutHandler(decoder, invalidator);
			handler.setPath(backChannelLogout.getPath());
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
