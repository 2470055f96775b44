/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Checks {@link AuthCacheProperties} when they are bound, so a bad value fails the
 * startup and names the property, instead of failing every request later: URLs absolute
 * with the right scheme and a host, durations positive, sizes in range. Each error's
 * first argument is the fix, which {@link AuthCachePropertiesFailureAnalyzer} reports.
 *
 * @author authcache authors
 */
final class AuthCachePropertiesValidator implements Validator {

	/**
	 * The error code of every authcache property error.
	 */
	static final String CODE = "authcache.invalid";

	private static final Set<String> HTTP = Set.of("http", "https");

	private static final Set<String> REDIS = Set.of("redis", "rediss");

	private static final int MAX_CREDENTIAL_LENGTH = 65536;

	@Override
	public boolean supports(Class<?> type) {
		return AuthCacheProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		AuthCacheProperties properties = (AuthCacheProperties) target;
		url(errors, "kratos.baseUrl", properties.getKratos().getBaseUrl(), HTTP, "https://kratos.example.com");
		url(errors, "kratos.adminUrl", properties.getKratos().getAdminUrl(), HTTP, "http://kratos-admin:4434");
		url(errors, "introspection.uri", properties.getIntrospection().getUri(), HTTP,
				"https://hydra.example.com/admin/oauth2/introspect");
		url(errors, "introspection.revocationUri", properties.getIntrospection().getRevocationUri(), HTTP,
				"https://hydra.example.com/oauth2/revoke");
		url(errors, "jwt.jwkSetUri", properties.getJwt().getJwkSetUri(), HTTP,
				"https://hydra.example.com/.well-known/jwks.json");
		url(errors, "backChannelLogout.jwkSetUri", properties.getBackChannelLogout().getJwkSetUri(), HTTP,
				"https://idp.example.com/.well-known/jwks.json");
		url(errors, "revocation.redisUrl", properties.getRevocation().getRedisUrl(), REDIS, "redis://redis-marks:6379");
		if (properties.getBackChannelLogout().isEnabled() && properties.getBackChannelLogout().getJwkSetUri() == null) {
			errors.rejectValue("backChannelLogout.jwkSetUri", CODE,
					new Object[] { "set it to the identity provider's JWK set URL, or set "
							+ "authcache.back-channel-logout.enabled=false" },
					"must be set when back-channel logout is enabled");
		}
		AuthCacheProperties.Cache cache = properties.getCache();
		positive(errors, "cache.sessionTtl", cache.getSessionTtl());
		positive(errors, "cache.tokenTtl", cache.getTokenTtl());
		positive(errors, "cache.negativeTtl", cache.getNegativeTtl());
		positive(errors, "cache.epochCheckInterval", cache.getEpochCheckInterval());
		if (cache.getStaleIfError().isNegative()) {
			errors.rejectValue("cache.staleIfError", CODE, new Object[] { "use 0 to turn it off, or a grace like 5m" },
					"must not be negative");
		}
		refreshAfter(errors, cache);
		positive(errors, "upstream.connectTimeout", properties.getUpstream().getConnectTimeout());
		positive(errors, "upstream.readTimeout", properties.getUpstream().getReadTimeout());
		range(errors, "upstream.maxResponseSize", properties.getUpstream().getMaxResponseSize().toBytes(), 1,
				Integer.MAX_VALUE);
		range(errors, "upstream.maxConcurrentCalls", properties.getUpstream().getMaxConcurrentCalls(), 1,
				Integer.MAX_VALUE);
		positive(errors, "nearCache.ttl", properties.getNearCache().getTtl());
		positive(errors, "revocation.timeout", properties.getRevocation().getTimeout());
		positive(errors, "resilience.waitDurationInOpenState", properties.getResilience().getWaitDurationInOpenState());
		Duration slowCall = properties.getResilience().getSlowCallDurationThreshold();
		if (slowCall != null) {
			positive(errors, "resilience.slowCallDurationThreshold", slowCall);
		}
		properties.getFreshness().forEach((pattern, maxAge) -> positive(errors, "freshness[" + pattern + "]", maxAge));
		range(errors, "credentials.maxLength", properties.getCredentials().getMaxLength(), 1, MAX_CREDENTIAL_LENGTH);
		range(errors, "nearCache.maxSize", properties.getNearCache().getMaxSize(), 1, Integer.MAX_VALUE);
		range(errors, "rateLimit.maxFailuresPerMinute", properties.getRateLimit().getMaxFailuresPerMinute(), 1,
				Integer.MAX_VALUE);
		AuthCacheProperties.Resilience resilience = properties.getResilience();
		range(errors, "resilience.slidingWindowSize", resilience.getSlidingWindowSize(), 1, Integer.MAX_VALUE);
		range(errors, "resilience.minimumNumberOfCalls", resilience.getMinimumNumberOfCalls(), 1, Integer.MAX_VALUE);
		range(errors, "resilience.permittedNumberOfCallsInHalfOpenState",
				resilience.getPermittedNumberOfCallsInHalfOpenState(), 1, Integer.MAX_VALUE);
	}

	private static void url(Errors errors, String field, @Nullable URI url, Set<String> schemes, String example) {
		if (url == null) {
			return;
		}
		String scheme = url.getScheme();
		if (!url.isAbsolute() || scheme == null || !schemes.contains(scheme.toLowerCase()) || url.getHost() == null) {
			errors.rejectValue(field, CODE, new Object[] { "use an absolute URL such as " + example },
					"must be an absolute " + String.join(" or ", schemes.stream().sorted().toList())
							+ " URL with a host");
		}
	}

	private static void positive(Errors errors, String field, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			errors.rejectValue(field, CODE, new Object[] { "use a positive duration such as 500ms, 30s or 5m" },
					"must be positive");
		}
	}

	private static void refreshAfter(Errors errors, AuthCacheProperties.Cache cache) {
		Duration refreshAfter = cache.getRefreshAfter();
		if (refreshAfter == null || refreshAfter.isZero()) {
			return;
		}
		Duration shortestTtl = (cache.getSessionTtl().compareTo(cache.getTokenTtl()) <= 0) ? cache.getSessionTtl()
				: cache.getTokenTtl();
		if (refreshAfter.isNegative() || refreshAfter.compareTo(shortestTtl) >= 0) {
			errors.rejectValue("cache.refreshAfter", CODE,
					new Object[] { "use a duration shorter than the TTLs, such as half of them, or 0 to turn it off" },
					"must be shorter than authcache.cache.session-ttl and token-ttl (" + shortestTtl + ")");
		}
	}

	private static void range(Errors errors, String field, long value, long min, long max) {
		if (value < min || value > max) {
			errors.rejectValue(field, CODE, new Object[] { "use a value from " + min + " to " + max },
					"must be between " + min + " and " + max);
		}
	}

}
