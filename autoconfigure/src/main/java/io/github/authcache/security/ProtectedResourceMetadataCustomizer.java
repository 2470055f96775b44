/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;

/**
 * Callback to customize the RFC 9728 protected resource metadata that
 * {@code http.with(authCache(), …)} serves at
 * {@code /.well-known/oauth-protected-resource}. Every bean of this type is applied, in
 * order, before the customizer set on {@link AuthCacheConfigurer}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface ProtectedResourceMetadataCustomizer {

	/**
	 * Customize the metadata, whose {@code resource} is already the request's origin and
	 * path.
	 * @param metadata the metadata builder
	 */
	void customize(OAuth2ProtectedResourceMetadata.Builder metadata);

}
