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
		AuthCacheProperties.OryEvents oryEvents = properties.getOryEvents();
		String oryEventsSecret = oryEvents.getSecret();
		if (oryEvents.isEnabled() && (oryEventsSecret == null || oryEventsSecret.length() < 32)) {
			errors.rejectValue("oryEvents.secret", CODE,
					new Object[] { "set it to a random value of at least 32 characters and put it in the event "
							+ "stream's endpoint URL, or set authcache.ory-events.enabled=false" },
					"must be at least 32 characters when the Ory event stream receiver is enabled");
		}
		sharedSignals(errors, properties.getSharedSignals());
		keycloakNotBefore(errors, properties.getKeycloak().getNotBefore());
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
		AuthCacheProperties.Upstream.Fairness fairness = properties.getUpstream().getFairness();
		if (!(fairness.getMaxShare() > 0 && fairness.getMaxShare() <= 1)) {
			errors.rejectValue("upstream.fairness.maxShare", CODE, new Object[] { "use a fraction such as 0.25" },
					"must be greater than 0 and at most 1");
		}
		range(errors, "upstream.fairness.maxColdLookups", fairness.getMaxColdLookups(), 1, Integer.MAX_VALUE);
		positive(errors, "upstream.fairness.window", fairness.getWindow());
		positive(errors, "nearCache.ttl", properties.getNearCache().getTtl());
		positive(errors, "nearCache.ackTimeout", properties.getNearCache().getAckTimeout());
		positive(errors, "revocation.timeout", properties.getRevocation().getTimeout());
		positive(errors, "dpop.clockSkew", properties.getDpop().getClockSkew());
		positive(errors, "dpop.nonce.window", properties.getDpop().getNonce().getWindow());
		String secret = cache.getSecret();
		if (properties.getDpop().getNonce().isEnabled() && (secret == null || secret.isEmpty())) {
			errors.rejectValue("dpop.nonce.enabled", CODE,
					new Object[] { "set authcache.cache.secret: the nonces are derived from it" },
					"requires authcache.cache.secret");
		}
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

	private static void sharedSignals(Errors errors, AuthCacheProperties.SharedSignals sharedSignals) {
		url(errors, "sharedSignals.jwkSetUri", sharedSignals.getJwkSetUri(), HTTP,
				"https://keycloak.example.com/realms/R/protocol/openid-connect/certs");
		positive(errors, "sharedSignals.maxAge", sharedSignals.getMaxAge());
		url(errors, "sharedSignals.poll.endpoint", sharedSignals.getPoll().getEndpoint(), HTTP,
				"https://keycloak.example.com/realms/R/ssf/transmitter/streams/poll");
		positive(errors, "sharedSignals.poll.interval", sharedSignals.getPoll().getInterval());
		range(errors, "sharedSignals.poll.maxEvents", sharedSignals.getPoll().getMaxEvents(), 1, 10_000);
		pollClient(errors, sharedSignals.getPoll());
		if (!sharedSignals.getPushPath().startsWith("/")) {
			errors.rejectValue("sharedSignals.pushPath", CODE, new Object[] { "use a path such as /ssf/events" },
					"must start with /");
		}
		if (!sharedSignals.isEnabled()) {
			return;
		}
		requiredForSharedSignals(errors, "sharedSignals.issuer", sharedSignals.getIssuer(), "the transmitter's issuer");
		requiredForSharedSignals(errors, "sharedSignals.jwkSetUri", sharedSignals.getJwkSetUri(),
				"the transmitter's JWK set URL");
		requiredForSharedSignals(errors, "sharedSignals.audience", sharedSignals.getAudience(),
				"the audience the transmitter addresses this receiver as (its client id)");
	}

	private static void pollClient(Errors errors, AuthCacheProperties.SharedSignals.Poll poll) {
		url(errors, "sharedSignals.poll.tokenUri", poll.getTokenUri(), HTTP,
				"https://keycloak.example.com/realms/R/protocol/openid-connect/token");
		if (poll.getClientId() == null) {
			return;
		}
		if (poll.getBearerToken() != null) {
			errors.rejectValue("sharedSignals.poll.bearerToken", CODE,
					new Object[] { "set either a bearer token or a client, not both" },
					"must not be set with authcache.shared-signals.poll.client-id");
		}
		requiredForPollClient(errors, "sharedSignals.poll.clientSecret", poll.getClientSecret(), "the client's secret");
		requiredForPollClient(errors, "sharedSignals.poll.tokenUri", poll.getTokenUri(),
				"the token endpoint of the client's authorization server");
	}

	private static void requiredForPollClient(Errors errors, String field, @Nullable Object value, String what) {
		if (value == null || value.toString().isBlank()) {
			errors.rejectValue(field, CODE, new Object[] { "set it to " + what },
					"must be set with " + "authcache.shared-signals.poll.client-id");
		}
	}

	private static void requiredForSharedSignals(Errors errors, String field, @Nullable Object value, String what) {
		if (value == null || value.toString().isBlank()) {
			errors.rejectValue(field, CODE,
					new Object[] { "set it to " + what + ", or set authcache.shared-signals.enabled=false" },
					"must be set when the Shared Signals receiver is enabled");
		}
	}

	private static void keycloakNotBefore(Errors errors, AuthCacheProperties.Keycloak.NotBefore notBefore) {
		url(errors, "keycloak.notBefore.jwkSetUri", notBefore.getJwkSetUri(), HTTP,
				"https://keycloak.example.com/realms/R/protocol/openid-connect/certs");
		positive(errors, "keycloak.notBefore.maxTokenLifetime", notBefore.getMaxTokenLifetime());
		if (!notBefore.getPath().startsWith("/")) {
			errors.rejectValue("keycloak.notBefore.path", CODE,
					new Object[] { "use a path such as /k_push_not_before" }, "must start with /");
		}
		if (notBefore.isEnabled()) {
			requiredForNotBefore(errors, "keycloak.notBefore.issuer", notBefore.getIssuer(), "the realm's issuer");
			requiredForNotBefore(errors, "keycloak.notBefore.clientId", notBefore.getClientId(),
					"this application's client id at Keycloak");
		}
	}

	private static void requiredForNotBefore(Errors errors, String field, @Nullable String value, String what) {
		if (value == null || value.isBlank()) {
			errors.rejectValue(field, CODE,
					new Object[] { "set it to " + what + ", or set authcache.keycloak.not-before.enabled=false" },
					"must be set when the Keycloak not-before receiver is enabled");
		}
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
