/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.authcache.credential.CredentialKind;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.github.authcache.metrics.LookupResult;
import io.github.authcache.metrics.MicrometerAuthCacheMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;

/**
 * The {@code authcache} actuator endpoint. {@code GET} reports the entries in Redis by
 * kind (a bounded count, see {@link EntryCounter}), the lookups by result and the hit
 * ratio since start, every {@code authcache.*} gauge (near-cache size) and the state of
 * the starter's circuit breakers (Resilience4j's
 * {@code resilience4j.circuitbreaker.state} for the breakers named {@code authcache-*});
 * {@code DELETE /actuator/authcache/users/{userId}} and {@code DELETE
 * /actuator/authcache/sessions/{sessionId}} drop every cached verdict of a user or a
 * session on every instance. Its default access is read-only: the {@code DELETE}
 * operations need {@code management.endpoint.authcache.access=unrestricted}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@Endpoint(id = "authcache", defaultAccess = Access.READ_ONLY)
public class AuthCacheEndpoint {

	private final AuthCacheInvalidator invalidator;

	private final EntryCounter entryCounter;

	private final @Nullable MeterRegistry meterRegistry;

	private @Nullable RedisDeploymentReport deploymentReport;

	/**
	 * Create the endpoint.
	 * @param invalidator the invalidator
	 * @param entryCounter counts the entries in Redis
	 * @param meterRegistry the registry authcache's meters are in, if any
	 */
	public AuthCacheEndpoint(AuthCacheInvalidator invalidator, EntryCounter entryCounter,
			@Nullable MeterRegistry meterRegistry) {
		Assert.notNull(invalidator, "'invalidator' must not be null");
		Assert.notNull(entryCounter, "'entryCounter' must not be null");
		this.invalidator = invalidator;
		this.entryCounter = entryCounter;
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Set the deployment report to include. Defaults to none.
	 * @param deploymentReport the report
	 */
	public void setDeploymentReport(@Nullable RedisDeploymentReport deploymentReport) {
		this.deploymentReport = deploymentReport;
	}

	/**
	 * Report the state of the cache.
	 * @return the report
	 */
	@ReadOperation
	public Map<String, Object> status() {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("entries", this.entryCounter.count());
		if (this.meterRegistry != null) {
			status.put("lookups", lookups(this.meterRegistry));
			status.put("hitRatio", hitRatio(this.meterRegistry));
			status.put("gauges", gauges(this.meterRegistry));
		}
		if (this.deploymentReport != null) {
			status.put("redis", this.deploymentReport.getReport());
		}
		return status;
	}

	/**
	 * Drop every cached verdict of a user ({@code users}) or of a session
	 * ({@code sessions}), on every instance.
	 * @param scope {@code users} or {@code sessions}
	 * @param id the user id or the session id
	 */
	@DeleteOperation
	public void invalidate(@Selector String scope, @Selector String id) {
		switch (scope) {
			case "users" -> this.invalidator.invalidateUser(id);
			case "sessions" -> this.invalidator.invalidateSession(id);
			default -> throw new InvalidEndpointRequestException("Scope must be 'users' or 'sessions'",
					"Scope must be 'users' or 'sessions'");
		}
	}

	private static Map<String, Map<String, Double>> lookups(MeterRegistry registry) {
		Map<String, Map<String, Double>> lookups = new LinkedHashMap<>();
		for (CredentialKind kind : CredentialKind.values()) {
			Map<String, Double> byResult = new LinkedHashMap<>();
			for (LookupResult result : LookupResult.values()) {
				byResult.put(result.tagValue(), count(registry, kind, result));
			}
			lookups.put(kind.tagValue(), byResult);
		}
		return lookups;
	}

	private static @Nullable Double hitRatio(MeterRegistry registry) {
		double hits = 0;
		double all = 0;
		for (CredentialKind kind : CredentialKind.values()) {
			for (LookupResult result : LookupResult.values()) {
				double count = count(registry, kind, result);
				all += count;
				if (result == LookupResult.HIT || result == LookupResult.NEGATIVE_HIT) {
					hits += count;
				}
			}
		}
		return (all > 0) ? hits / all : null;
	}

	private static double count(MeterRegistry registry, CredentialKind kind, LookupResult result) {
		Counter counter = registry.find(MicrometerAuthCacheMetrics.LOOKUPS)
			.tag("kind", kind.tagValue())
			.tag("result", result.tagValue())
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static Map<String, Double> gauges(MeterRegistry registry) {
		Map<String, Double> gauges = new TreeMap<>();
		registry.getMeters()
			.stream()
			.filter((meter) -> meter instanceof Gauge && isStarters(meter.getId()))
			.forEach((meter) -> gauges.put(meter.getId().getName() + tags(meter.getId().getTags()),
					((Gauge) meter).value()));
		return gauges;
	}

	private static boolean isStarters(Meter.Id id) {
		String breaker = id.getTag("name");
		return id.getName().startsWith("authcache.") || (id.getName().equals("resilience4j.circuitbreaker.state")
				&& breaker != null && breaker.startsWith("authcache-"));
	}

	private static String tags(List<Tag> tags) {
		if (tags.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder("{");
		tags.forEach((tag) -> text.append((text.length() > 1) ? "," : "")
			.append(tag.getKey())
			.append('=')
			.append(tag.getValue()));
		return text.append('}').toString();
	}

}
