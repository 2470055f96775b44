/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.net.URL;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;

/**
 * The keys of a JWK Set URI, cached and refetched under a rate limit, that tell a key id
 * the issuer does not have from keys that cannot be fetched. When the rate limit refuses
 * the refetch an unknown key id asks for, the last fetch was within the interval: if it
 * succeeded, the keys are current and the key id is unknown (no key, so the token is
 * refused as bad); if it failed, the keys cannot be fetched and the failure stands.
 *
 * @author authcache authors
 */
final class JwkSetKeys implements JWKSource<SecurityContext> {

	private final LastFetch lastFetch;

	private final JWKSource<SecurityContext> keys;

	JwkSetKeys(URL jwkSetUrl, ResourceRetriever retriever, long cacheTtlMillis, long refreshTimeoutMillis,
			long refetchIntervalMillis) {
		this.lastFetch = new LastFetch(new URLBasedJWKSetSource<>(jwkSetUrl, retriever));
		this.keys = JWKSourceBuilder.create(this.lastFetch)
			.cache(cacheTtlMillis, refreshTimeoutMillis)
			.rateLimited(refetchIntervalMillis)
			.build();
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		try {
			return this.keys.get(selector, context);
		}
		catch (RateLimitReachedException ex) {
			if (this.lastFetch.failed) {
				throw ex;
			}
			return List.of();
		}
	}

	/**
	 * Records whether the last fetch of the JWK Set failed.
	 */
	private static final class LastFetch extends JWKSetSourceWrapper<SecurityContext> {

		private volatile boolean failed;

		LastFetch(JWKSetSource<SecurityContext> source) {
			super(source);
		}

		@Override
		public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
				throws KeySourceException {
			try {
				JWKSet keys = getSource().getJWKSet(refreshEvaluator, currentTime, context);
				this.failed = false;
				return keys;
			}
			catch (KeySourceException | RuntimeException ex) {
				this.failed = true;
				throw ex;
			}
		}

	}

}
