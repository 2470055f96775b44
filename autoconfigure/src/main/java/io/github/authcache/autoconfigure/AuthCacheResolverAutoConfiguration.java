/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;

import javax.net.ssl.SSLParameters;

import io.github.authcache.resolver.IdentityResolver;
import io.github.authcache.resolver.UpstreamHttpClient;
import io.github.authcache.resolver.introspection.IntrospectionValidator;
import io.github.authcache.resolver.introspection.TokenIntrospectionResolver;
import io.github.authcache.resolver.introspection.TokenRevocationClient;
import io.github.authcache.resolver.jwt.JwtAccessTokenResolver;
import io.github.authcache.resolver.jwt.JwtAuthoritiesConverter;
import io.github.authcache.resolver.jwt.JwtValidation;
import io.github.authcache.resolver.kratos.KratosAdminClient;
import io.github.authcache.resolver.kratos.KratosSessionResolver;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the built-in identity resolvers:
 * Ory Kratos when {@code authcache.kratos.base-url} is set, token introspection when
 * {@code authcache.introspection.uri} is set, and the HTTP client they share (with the
 * SSL bundle named by {@code authcache.upstream.ssl.bundle}, and the application's
 * {@code ObservationRegistry}). The resolvers use a JSON mapper of their own, so no
 * customization of the application's mapper changes how upstream answers are read. With
 * no resolver at all, one INFO line says how to turn authcache on.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@AutoConfiguration
@Import(AuthCacheResolverAutoConfiguration.JwtConfiguration.class)
@ConditionalOnClass(JsonMapper.class)
@ConditionalOnBooleanProperty(name = "authcache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AuthCacheProperties.class)
public final class AuthCacheResolverAutoConfiguration {

	private final JsonMapper json = JsonMapper.builder().build();

	@Bean
	UnknownPropertiesReporter authCacheUnknownPropertiesReporter(Environment environment) {
		return new UnknownPropertiesReporter(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	UpstreamHttpClient authCacheUpstreamHttpClient(AuthCacheProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<SslBundles> sslBundles) {
		AuthCacheProperties.Upstream upstream = properties.getUpstream();
		HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(upstream.getConnectTimeout());
		String bundleName = upstream.getSsl().getBundle();
		if (bundleName != null) {
			SslBundle bundle = sslBundles.getObject().getBundle(bundleName);
			builder.sslContext(bundle.createSslContext());
			SslOptions options = bundle.getOptions();
			if (options.isSpecified()) {
				builder.sslParameters(new SSLParameters(options.getCiphers(), options.getEnabledProtocols()));
			}
		}
		UpstreamHttpClient client = new UpstreamHttpClient(builder, upstream.getReadTimeout());
		client.setMaxResponseSize(upstream.getMaxResponseSize().toBytes());
		observationRegistry.ifAvailable(client::setObservationRegistry);
		return client;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("authcache.kratos.base-url")
	@ConditionalOnBooleanProperty(name = "authcache.kratos.enabled", matchIfMissing = true)
	KratosSessionResolver kratosSessionResolver(AuthCacheProperties properties, UpstreamHttpClient http) {
		AuthCacheProperties.Kratos kratos = properties.getKratos();
		URI baseUrl = kratos.getBaseUrl();
		Assert.state(baseUrl != null, "'baseUrl' must not be null");
		KratosSessionResolver resolver = new KratosSessionResolver(baseUrl, http, this.json);
		resolver.setCookieName(kratos.getCookieName());
		resolver.setTraits(kratos.getTraits());
		return resolver;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("authcache.introspection.uri")
	@ConditionalOnBooleanProperty(name = "authcache.introspection.enabled", matchIfMissing = true)
	TokenIntrospectionResolver tokenIntrospectionResolver(AuthCacheProperties properties, UpstreamHttpClient http) {
		AuthCacheProperties.Introspection introspection = properties.getIntrospection();
		URI uri = introspection.getUri();
		Assert.state(uri != null, "'uri' must not be null");
		TokenIntrospectionResolver resolver = new TokenIntrospectionResolver(uri, http, this.json);
		String clientId = introspection.getClientId();
		String clientSecret = introspection.getClientSecret();
		if (clientId != null && clientSecret != null) {
			resolver.setClientCredentials(clientId, clientSecret);
		}
		String apiKey = introspection.getApiKey();
		if (apiKey != null) {
			resolver.setApiKey(apiKey);
		}
		resolver.setValidator(new IntrospectionValidator(introspection.getRequiredAudiences(),
				introspection.getTrustedIssuers(), introspection.getRequiredScopes()));
		return resolver;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("authcache.kratos.admin-url")
	KratosAdminClient kratosAdminClient(AuthCacheProperties properties, UpstreamHttpClient http) {
		AuthCacheProperties.Kratos kratos = properties.getKratos();
		URI adminUrl = kratos.getAdminUrl();
		Assert.state(adminUrl != null, "'adminUrl' must not be null");
		KratosAdminClient client = new KratosAdminClient(adminUrl, http);
		String apiKey = kratos.getApiKey();
		if (apiKey != null) {
			client.setApiKey(apiKey);
		}
		return client;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("authcache.introspection.revocation-uri")
	TokenRevocationClient tokenRevocationClient(AuthCacheProperties properties, UpstreamHttpClient http) {
		AuthCacheProperties.Introspection introspection = properties.getIntrospection();
		URI revocationUri = introspection.getRevocationUri();
		Assert.state(revocationUri != null, "'revocationUri' must not be null");
		TokenRevocationClient client = new TokenRevocationClient(revocationUri, http);
		String clientId = introspection.getClientId();
		String clientSecret = introspection.getClientSecret();
		if (clientId != null && clientSecret != null) {
			client.setClientCredentials(clientId, clientSecret);
		}
		return client;
	}

	/**
	 * The notice that authcache stays out of the way. Declared after the resolvers (and
	 * processed after the imported JWT configuration), so that their conditions are known
	 * when this one is evaluated.
	 * @return the notice
	 */
	@Bean
	@ConditionalOnMissingBean(IdentityResolver.class)
	NoIdentityProviderNotice authCacheNoIdentityProviderNotice() {
		return new NoIdentityProviderNotice();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NimbusJwtDecoder.class)
	static class JwtConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty("authcache.jwt.jwk-set-uri")
		@Order(Ordered.HIGHEST_PRECEDENCE)
		JwtAccessTokenResolver jwtAccessTokenResolver(AuthCacheProperties properties,
				ObjectProvider<JwtAuthoritiesConverter> authoritiesConverter) {
			AuthCacheProperties.Jwt jwt = properties.getJwt();
			URI jwkSetUri = jwt.getJwkSetUri();
			Assert.state(jwkSetUri != null, "'jwkSetUri' must not be null");
			if (jwt.getRequiredAudiences().isEmpty() && !jwt.isAllowAnyAudience()) {
				throw new InsecureConfigurationException(
						"authcache.jwt.required-audiences is not set: any token of the issuer would be accepted, "
								+ "including one made for another application (RFC 9068 section 4: a resource "
								+ "server must check aud)",
						"Set authcache.jwt.required-audiences to this application's audience (for Keycloak, add an "
								+ "audience mapper to the clients), or set authcache.jwt.allow-any-audience=true "
								+ "(insecure).");
			}
			AuthCacheProperties.Upstream upstream = properties.getUpstream();
			JwtAccessTokenResolver resolver = new JwtAccessTokenResolver(
					JwtValidation.decoder(jwkSetUri, upstream.getConnectTimeout(), upstream.getReadTimeout(),
							JwtValidation.accessTokenValidator(jwt.getIssuer(), jwt.getRequiredAudiences())));
			authoritiesConverter.ifAvailable(resolver::setAuthoritiesConverter);
			return resolver;
		}

	}

}
