/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.actuate;

import java.util.function.IntSupplier;

import io.github.authcache.resilience.StoreCircuitBreakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * {@link HealthIndicator} of authcache, registered as {@code authcache}. Its status is
 * always {@code UP}: Redis is a cache, and while it is down requests are still
 * authenticated by the identity provider, so an outage must not take the application out
 * of a load balancer. The degradation shows in the details:
 * <ul>
 * <li>{@code circuit}: the state of the cache store's circuit, {@code CLOSED},
 * {@code OPEN} or {@code HALF_OPEN};</li>
 * <li>{@code redis}: {@code available}, {@code unavailable} (lookups bypass the cache) or
 * {@code probing};</li>
 * <li>{@code writeCircuit}: the circuit of the cache store's writes; while it is open
 * nothing is cached and revocation marks wait as pending, though hits are still
 * answered;</li>
 * <li>{@code revocationCircuit} and {@code revocationWriteCircuit}: the revocation
 * store's circuits, when it has its own;</li>
 * <li>{@code pendingRevocations}: revocation marks that hold on this instance and wait
 * for Redis to take them (other instances do not see them yet), when known;</li>
 * <li>{@code values}: {@code unauthenticated}, only when running without a secret
 * ({@code authcache.cache.allow-unauthenticated-values}, insecure).</li>
 * </ul>
 * The indicator reads the circuits only and sends no command to Redis. Spring Boot's own
 * {@code redis} health indicator does go {@code DOWN} with Redis; exclude it from the
 * groups a load balancer reads ({@code management.health.redis.enabled=false}, or a
 * readiness group without it) when Redis is only authcache's cache.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class AuthCacheHealthIndicator extends AbstractHealthIndicator {

	private final StoreCircuitBreakers circuitBreakers;

	private boolean unauthenticatedValues;

	private @Nullable IntSupplier pendingRevocations;

	/**
	 * Create an indicator.
	 * @param circuitBreakers the store circuits to report
	 */
	public AuthCacheHealthIndicator(StoreCircuitBreakers circuitBreakers) {
		super("authcache health check failed");
		Assert.notNull(circuitBreakers, "'circuitBreakers' must not be null");
		this.circuitBreakers = circuitBreakers;
	}

	/**
	 * Set whether cache values are stored without a secret, which the details then show.
	 * Defaults to {@code false}.
	 * @param unauthenticatedValues whether values are unauthenticated
	 */
	public void setUnauthenticatedValues(boolean unauthenticatedValues) {
		this.unauthenticatedValues = unauthenticatedValues;
	}

	/**
	 * Set where the number of pending revocation marks is read, which the details then
	 * show.
	 * @param pendingRevocations the number of marks waiting for Redis
	 */
	public void setPendingRevocations(@Nullable IntSupplier pendingRevocations) {
		this.pendingRevocations = pendingRevocations;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		CircuitBreaker.State state = this.circuitBreakers.cache().getState();
		builder.up()
			.withDetail("circuit", state.name())
			.withDetail("redis", describe(state))
			.withDetail("writeCircuit", this.circuitBreakers.cacheWrites().getState().name());
		if (!this.circuitBreakers.isShared()) {
			builder.withDetail("revocationCircuit", this.circuitBreakers.revocation().getState().name())
				.withDetail("revocationWriteCircuit", this.circuitBreakers.revocationWrites().getState().name());
		}
		if (this.pendingRevocations != null) {
			builder.withDetail("pendingRevocations", this.pendingRevocations.getAsInt());
		}
		if (this.unauthenticatedValues) {
			builder.withDetail("values", "unauthenticated (authcache.cache.allow-unauthenticated-values): "
					+ "whoever can write to Redis can authenticate as any user");
		}
	}

	private static String describe(CircuitBreaker.State state) {
		return switch (state) {
			case CLOSED -> "available";
			case HALF_OPEN -> "probing";
			case OPEN, FORCED_OPEN -> "unavailable";
			default -> "not monitored";
		};
	}

}
