/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.authcache.cache.CredentialCache;
import io.github.authcache.credential.CredentialExtractor;
import io.github.authcache.security.ssf.SharedSignalsPushEndpoint;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.web.OAuth2ProtectedResourceMetadataFilter;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.util.Assert;

/**
 * Adds authcache to an {@link HttpSecurity} chain in one line:
 *
 * <pre class="code">
 * http.with(authCache(), Customizer.withDefaults());
 * </pre>
 *
 * It registers the {@link AuthCacheAuthenticationProvider} with the chain's shared
 * {@link AuthenticationManager} (as {@code oauth2ResourceServer()} does, so
 * authentication events are published and observed), adds the {@link AuthCacheFilter}
 * authenticating through that manager before the logout filter (so logout knows the
 * session it ends), makes the {@link AuthCacheAuthenticationEntryPoint} the default entry
 * point, answers a bearer token without the scope a route needs as the resource server
 * does (403, {@code WWW-Authenticate: Bearer error="insufficient_scope"}) and a request
 * denied for want of {@link FactorGrantedAuthority#BEARER_AUTHORITY} with the entry
 * point's challenge, serves the RFC 9728 protected resource metadata at
 * {@code /.well-known/oauth-protected-resource} with Spring Security's
 * {@link OAuth2ProtectedResourceMetadataFilter} (customized by the
 * {@link ProtectedResourceMetadataCustomizer} beans, then by
 * {@link #protectedResourceMetadataCustomizer(Consumer)}), adds the
 * {@link AuthCacheLogoutHandler} to logout (with {@link AuthCacheLogoutSuccessHandler} as
 * the default logout success handler: 204 when the logout is complete, 202 when it is
 * not), and exempts requests that authenticate with a header and carry no session cookie
 * ({@link ApiCredentialRequestMatcher}) from CSRF protection. The endpoints identity
 * providers call are added, exempt from CSRF protection (a signature or a shared secret
 * authenticates them), when their beans exist: back-channel logout
 * ({@link BackChannelLogoutHandler}), Shared Signals push
 * ({@link SharedSignalsPushEndpoint}), the Ory Network event stream
 * ({@link OryEventStreamHandler}) and Keycloak's not-before push
 * ({@link KeycloakNotBeforeHandler}). Each collaborator is taken from this DSL if set,
 * else from the application context, else a default. Without a {@link CredentialCache} (a
 * {@code @WebMvcTest} slice, see {@code AuthCacheRequestPostProcessors}) no filter is
 * added, with a warning. A chain that also has {@code oauth2ResourceServer()} fails to
 * build.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheConfigurer extends AbstractHttpConfigurer<AuthCacheConfigurer, HttpSecurity> {

	private static final Log logger = LogFactory.getLog(AuthCacheConfigurer.class);

	private static final String RESOURCE_SERVER_CONFLICT = "authcache and oauth2ResourceServer() would both "
			+ "authenticate bearer tokens in this filter chain (one request, two lookups, and the resource server's "
			+ "result wins). Remove oauth2ResourceServer() from the chain: authcache authenticates access tokens "
			+ "itself. To keep oauth2ResourceServer().opaqueToken(), drop http.with(authCache(), ...) and use "
			+ "opaqueToken((opaque) -> opaque.introspector(authCacheOpaqueTokenIntrospector)) instead.";

	private static final String NO_CACHE = "No CredentialCache bean (set authcache.kratos.base-url, "
			+ "authcache.introspection.uri or authcache.jwt.jwk-set-uri, and configure Redis): "
			+ "authcache authenticates no request in this filter chain";

	private @Nullable AuthenticationProvider authenticationProvider;

	private @Nullable AuthenticationProvider provider;

	private @Nullable CredentialExtractor credentialExtractor;

	private @Nullable FreshnessPolicy freshnessPolicy;

	private AuthenticationEntryPoint authenticationEntryPoint = new AuthCacheAuthenticationEntryPoint();

	private @Nullable LogoutHandler logoutHandler;

	private @Nullable String backChannelLogoutPath;

	private List<IdentityProviderEndpointFilter> identityProviderEndpoints = List.of();

	private @Nullable Consumer<OAuth2ProtectedResourceMetadata.Builder> protectedResourceMetadataCustomizer;

	/**
	 * Return a new configurer, for {@code http.with(authCache(), …)}.
	 * @return the configurer
	 */
	public static AuthCacheConfigurer authCache() {
		return new AuthCacheConfigurer();
	}

	/**
	 * Use the given provider. Defaults to an {@link AuthCacheAuthenticationProvider} on
	 * the {@link CredentialCache} bean, observed with the {@link ObservationRegistry}
	 * bean if there is one. The provider is added to this chain's
	 * {@link AuthenticationManager} (never made a bean, so the application's global
	 * manager, and the {@code UserDetailsService} it is built from, stay as they are).
	 * @param authenticationProvider the provider
	 * @return this configurer
	 */
	public AuthCacheConfigurer authenticationProvider(AuthenticationProvider authenticationProvider) {
		Assert.notNull(authenticationProvider, "'authenticationProvider' must not be null");
		this.authenticationProvider = authenticationProvider;
		return this;
	}

	/**
	 * Use the given credential extractor. Defaults to the {@link CredentialExtractor}
	 * bean.
	 * @param credentialExtractor the extractor
	 * @return this configurer
	 */
	public AuthCacheConfigurer credentialExtractor(CredentialExtractor credentialExtractor) {
		Assert.notNull(credentialExtractor, "'credentialExtractor' must not be null");
		this.credentialExtractor = credentialExtractor;
		return this;
	}

	/**
	 * Use the given freshness rules. Defaults to the {@link FreshnessPolicy} bean, else
	 * none.
	 * @param freshnessPolicy the rules
	 * @return this configurer
	 */
	public AuthCacheConfigurer freshnessPolicy(FreshnessPolicy freshnessPolicy) {
		Assert.notNull(freshnessPolicy, "'freshnessPolicy' must not be null");
		this.freshnessPolicy = freshnessPolicy;
		return this;
	}

	/**
	 * Use the given entry point. Defaults to {@link AuthCacheAuthenticationEntryPoint}.
	 * @param authenticationEntryPoint the entry point
	 * @return this configurer
	 */
	public AuthCacheConfigurer authenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
		Assert.notNull(authenticationEntryPoint, "'authenticationEntryPoint' must not be null");
		this.authenticationEntryPoint = authenticationEntryPoint;
		return this;
	}

	/**
	 * Use the given handler on logout. Defaults to the {@link AuthCacheLogoutHandler}
	 * bean, if there is one.
	 * @param logoutHandler the handler
	 * @return this configurer
	 */
	public AuthCacheConfigurer logoutHandler(LogoutHandler logoutHandler) {
		Assert.notNull(logoutHandler, "'logoutHandler' must not be null");
		this.logoutHandler = logoutHandler;
		return this;
	}

	/**
	 * Serve OIDC back-channel logout at the given path, when a
	 * {@link BackChannelLogoutHandler} bean exists. Defaults to the handler's path.
	 * @param path the path
	 * @return this configurer
	 */
	public AuthCacheConfigurer backChannelLogoutPath(String path) {
		Assert.hasText(path, "'path' must not be empty");
		this.backChannelLogoutPath = path;
		return this;
	}

	/**
	 * Customize the protected resource metadata after the
	 * {@link ProtectedResourceMetadataCustomizer} beans, as
	 * {@code oauth2ResourceServer().protectedResourceMetadata(…)} does.
	 * @param protectedResourceMetadataCustomizer the customizer of the metadata
	 * @return this configurer
	 */
	public AuthCacheConfigurer protectedResourceMetadataCustomizer(
			Consumer<OAuth2ProtectedResourceMetadata.Builder> protectedResourceMetadataCustomizer) {
		Assert.notNull(protectedResourceMetadataCustomizer, "'protectedResourceMetadataCustomizer' must not be null");
		this.protectedResourceMetadataCustomizer = protectedResourceMetadataCustomizer;
		return this;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		Assert.state(http.getConfigurer(OAuth2ResourceServerConfigurer.class) == null, RESOURCE_SERVER_CONFLICT);
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		this.provider = provider(context);
		if (this.provider != null) {
			http.authenticationProvider(postProcess(this.provider));
		}
		else {
			logger.warn(NO_CACHE);
		}
		ExceptionHandlingConfigurer<HttpSecurity> exceptionHandling = http
			.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptionHandling != null) {
			exceptionHandling.defaultAuthenticationEntryPointFor(this.authenticationEntryPoint,
					AnyRequestMatcher.INSTANCE);
			exceptionHandling.defaultAccessDeniedHandlerFor(new BearerTokenAccessDeniedHandler(),
					(request) -> getSecurityContextHolderStrategy().getContext()
						.getAuthentication() instanceof BearerTokenAuthentication);
			exceptionHandling.defaultDeniedHandlerForMissingAuthority(this.authenticationEntryPoint,
					FactorGrantedAuthority.BEARER_AUTHORITY);
		}
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null && this.provider != null) {
			csrf.ignoringRequestMatchers(new ApiCredentialRequestMatcher(extractor(context)));
		}
		this.identityProviderEndpoints = identityProviderEndpoints(context);
		if (csrf != null) {
			this.identityProviderEndpoints
				.forEach((endpoint) -> csrf.ignoringRequestMatchers(endpoint.getRequestMatcher()));
		}
		LogoutConfigurer<HttpSecurity> logout = http.getConfigurer(LogoutConfigurer.class);
		LogoutHandler logoutHandler = logoutHandler(context);
		if (logout != null && logoutHandler != null) {
			logout.addLogoutHandler(logoutHandler);
			// Used unless the application sets its own logout success handler or URL
			logout.defaultLogoutSuccessHandlerFor(new AuthCacheLogoutSuccessHandler(), AnyRequestMatcher.INSTANCE);
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		if (this.provider != null) {
			AuthCacheFilter filter = new AuthCacheFilter(http.getSharedObject(AuthenticationManager.class),
					extractor(context));
			filter.setAuthenticationEntryPoint(this.authenticationEntryPoint);
			filter.setFreshnessPolicy(freshness(context));
			filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
			filter.setFailureLimiter(context.getBeanProvider(FailureLimiter.class).getIfAvailable());
			context.getBeanProvider(TokenBindingVerifier.class).ifAvailable(filter::setTokenBindingVerifier);
			http.addFilterBefore(postProcess(filter), LogoutFilter.class);
		}
		// Before the authentication filter: an endpoint's secret may be a bearer token
		Class<? extends Filter> authentication = (this.provider != null) ? AuthCacheFilter.class : LogoutFilter.class;
		this.identityProviderEndpoints
			.forEach((endpoint) -> http.addFilterBefore(postProcess(endpoint), authentication));
		http.addFilterBefore(postProcess(protectedResourceMetadataFilter(context)),
				AbstractPreAuthenticatedProcessingFilter.class);
	}

	private OAuth2ProtectedResourceMetadataFilter protectedResourceMetadataFilter(ApplicationContext context) {
		List<ProtectedResourceMetadataCustomizer> customizers = context
			.getBeanProvider(ProtectedResourceMetadataCustomizer.class)
			.orderedStream()
			.toList();
		Consumer<OAuth2ProtectedResourceMetadata.Builder> ownCustomizer = this.protectedResourceMetadataCustomizer;
		OAuth2ProtectedResourceMetadataFilter filter = new OAuth2ProtectedResourceMetadataFilter();
		filter.setProtectedResourceMetadataCustomizer((metadata) -> {
			customizers.forEach((customizer) -> customizer.customize(metadata));
			if (ownCustomizer != null) {
				ownCustomizer.accept(metadata);
			}
		});
		return filter;
	}

	private List<IdentityProviderEndpointFilter> identityProviderEndpoints(ApplicationContext context) {
		List<IdentityProviderEndpointFilter> endpoints = new ArrayList<>();
		context.getBeanProvider(BackChannelLogoutHandler.class)
			.ifAvailable((handler) -> endpoints.add(new BackChannelLogoutFilter(handler,
					(this.backChannelLogoutPath != null) ? this.backChannelLogoutPath : handler.getPath())));
		context.getBeanProvider(SharedSignalsPushEndpoint.class)
			.ifAvailable((endpoint) -> endpoints.add(endpoint.filter()));
		context.getBeanProvider(OryEventStreamHandler.class)
			.ifAvailable((handler) -> endpoints.add(new OryEventStreamFilter(handler)));
		context.getBeanProvider(KeycloakNotBeforeHandler.class)
			.ifAvailable((handler) -> endpoints.add(new KeycloakNotBeforeFilter(handler, handler.getPath())));
		return endpoints;
	}

	private @Nullable LogoutHandler logoutHandler(ApplicationContext context) {
		return (this.logoutHandler != null) ? this.logoutHandler
				: context.getBeanProvider(AuthCacheLogoutHandler.class).getIfAvailable();
	}

	private @Nullable AuthenticationProvider provider(ApplicationContext context) {
		if (this.authenticationProvider != null) {
			return this.authenticationProvider;
		}
		CredentialCache cache = context.getBeanProvider(CredentialCache.class).getIfAvailable();
		if (cache == null) {
			return null;
		}
		AuthCacheAuthenticationProvider provider = new AuthCacheAuthenticationProvider(cache);
		provider.setObservationRegistry(
				context.getBeanProvider(ObservationRegistry.class).getIfUnique(() -> ObservationRegistry.NOOP));
		return provider;
	}

	private CredentialExtractor extractor(ApplicationContext context) {
		return (this.credentialExtractor != null) ? this.credentialExtractor
				: context.getBean(CredentialExtractor.class);
	}

	private FreshnessPolicy freshness(ApplicationContext context) {
		if (this.freshnessPolicy != null) {
			return this.freshnessPolicy;
		}
		return context.getBeanProvider(FreshnessPolicy.class).getIfAvailable(() -> new FreshnessPolicy(Map.of()));
	}

}
