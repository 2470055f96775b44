/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.introspection.ClientCredentialsToken;
import io.github.authcache.resolver.jwt.JwtValidation;
import io.github.authcache.security.ssf.SecurityEventTokenVerifier;
import io.github.authcache.security.ssf.SharedSignalsPoll;
import io.github.authcache.security.ssf.SharedSignalsPushEndpoint;
import io.github.authcache.security.ssf.SharedSignalsReceiver;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the Shared Signals receiver
 * ({@code authcache.shared-signals.enabled=true}): a {@link SharedSignalsReceiver} that
 * verifies the transmitter's Security Event Tokens against its JWK Set (with the same
 * JWKS caching as every authcache decoder), records their {@code jti}s in the revocation
 * store, and hands CAEP events to the {@link AuthCacheInvalidator}; in a servlet web
 * application, the RFC 8935 push endpoint at {@code authcache.shared-signals.push-path},
 * which {@code http.with(authCache(), …)} serves; with
 * {@code authcache.shared-signals.poll.endpoint}, an RFC 8936 poller on the background
 * scheduler.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@AutoConfiguration(after = AuthCacheAutoConfiguration.class)
@ConditionalOnClass(NimbusJwtDecoder.class)
@ConditionalOnBooleanProperty("authcache.shared-signals.enabled")
@ConditionalOnBean({ AuthCacheInvalidator.class, ResilientStores.class, CacheKeys.class })
public final class AuthCacheSharedSignalsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SharedSignalsReceiver authCacheSharedSignalsReceiver(AuthCacheProperties properties,
			AuthCacheInvalidator invalidator, ResilientStores stores, CacheKeys keys) {
		AuthCacheProperties.SharedSignals sharedSignals = properties.getSharedSignals();
		URI jwkSetUri = sharedSignals.getJwkSetUri();
		String issuer = sharedSignals.getIssuer();
		String audience = sharedSignals.getAudience();
		Assert.state(jwkSetUri != null && issuer != null && audience != null,
				"The shared signals properties were not validated");
		AuthCacheProperties.Upstream upstream = properties.getUpstream();
		NimbusJwtDecoder decoder = JwtValidation.decoder(jwkSetUri, upstream.getConnectTimeout(),
				upstream.getReadTimeout(),
				SecurityEventTokenVerifier.validator(issuer, audience, sharedSignals.getMaxAge()));
		SecurityEventTokenVerifier verifier = new SecurityEventTokenVerifier(decoder,
				new OneTimeTokens(stores.revocationStore(), keys), sharedSignals.getMaxAge());
		return new SharedSignalsReceiver(verifier, invalidator);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("authcache.shared-signals.poll.endpoint")
	SharedSignalsPoller authCacheSharedSignalsPoller(SharedSignalsReceiver receiver, UpstreamHttpClient http,
			AuthCacheProperties properties, ObjectProvider<TaskScheduler> schedulers,
			@Qualifier(BackgroundSchedulerConfiguration.SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> own) {
		AuthCacheProperties.SharedSignals.Poll settings = properties.getSharedSignals().getPoll();
		URI endpoint = settings.getEndpoint();
		Assert.state(endpoint != null, "'endpoint' must not be null");
		JsonMapper json = JsonMapper.builder().build();
		SharedSignalsPoll poll = new SharedSignalsPoll(receiver, http, json, endpoint);
		poll.setBearerToken(settings.getBearerToken());
		poll.setClientCredentials(clientCredentials(settings, http, json));
		poll.setMaxEvents(settings.getMaxEvents());
		return new SharedSignalsPoller(poll, settings.getInterval(), schedulers.getIfUnique(own::getObject));
	}

	private static @Nullable ClientCredentialsToken clientCredentials(AuthCacheProperties.SharedSignals.Poll settings,
			UpstreamHttpClient http, JsonMapper json) {
		String clientId = settings.getClientId();
		if (clientId == null) {
			return null;
		}
		URI tokenUri = settings.getTokenUri();
		String clientSecret = settings.getClientSecret();
		Assert.state(tokenUri != null && clientSecret != null, "The poll client's properties were not validated");
		ClientCredentialsToken token = new ClientCredentialsToken(http, json, tokenUri, clientId, clientSecret);
		token.setScope(settings.getScope());
		return token;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HttpSecurity.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class PushConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SharedSignalsPushEndpoint authCacheSharedSignalsPushEndpoint(SharedSignalsReceiver receiver,
				AuthCacheProperties properties) {
			return new SharedSignalsPushEndpoint(receiver, properties.getSharedSignals().getPushPath());
		}

	}

}
