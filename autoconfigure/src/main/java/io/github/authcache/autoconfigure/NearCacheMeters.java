/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.github.authcache.cache.CaffeineNearCache;
import io.github.authcache.invalidation.redis.InvalidationAcks;
import io.github.authcache.invalidation.redis.InvalidationSubscriber;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The near cache's acknowledgement meters: the counters {@code authcache.near-cache.acks}
 * (acknowledgements of this instance's invalidations),
 * {@code authcache.near-cache.ack.timeouts} (invalidations that returned at the deadline,
 * not every instance having acknowledged), {@code authcache.near-cache.behind} (seconds
 * this instance was subscribed but not known to have caught up, its near cache unused)
 * and {@code authcache.near-cache.bypassed} (near-cache reads not answered because the
 * near cache was not trusted).
 *
 * @author authcache authors
 */
final class NearCacheMeters implements MeterBinder {

	private final InvalidationAcks acks;

	private final InvalidationSubscriber subscriber;

	private final @Nullable CaffeineNearCache nearCache;

	NearCacheMeters(InvalidationAcks acks, InvalidationSubscriber subscriber, @Nullable CaffeineNearCache nearCache) {
		this.acks = acks;
		this.subscriber = subscriber;
		this.nearCache = nearCache;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("authcache.near-cache.acks", this.acks, InvalidationAcks::getAcknowledged)
			.description("Acknowledgements of this instance's invalidations by the instances that applied them")
			.register(registry);
		FunctionCounter.builder("authcache.near-cache.ack.timeouts", this.acks, InvalidationAcks::getTimeouts)
			.description("Invalidations that returned at the deadline without every instance's acknowledgement")
			.register(registry);
		FunctionCounter
			.builder("authcache.near-cache.behind", this.subscriber,
					(subscriber) -> subscriber.getTimeBehind().toNanos() / (double) TimeUnit.SECONDS.toNanos(1))
			.baseUnit("seconds")
			.description("Time this instance was not known to have applied every invalidation, its near cache unused")
			.register(registry);
		if (this.nearCache != null) {
			FunctionCounter.builder("authcache.near-cache.bypassed", this.nearCache, CaffeineNearCache::getBypassed)
				.description("Near-cache reads not answered because the near cache was not trusted")
				.register(registry);
		}
	}

}
