/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;

import io.github.authcache.cache.Invalidation;
import io.github.authcache.cache.MarkSeal;
import io.github.authcache.invalidation.Acknowledgements;
import io.github.authcache.invalidation.InvalidationBroadcaster;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * {@link InvalidationBroadcaster} that publishes each invalidation on a Redis pub/sub
 * channel ({@code <key-prefix>invalidations}), for the {@link InvalidationSubscriber}s of
 * the other instances. A message carries the sender's instance id, so an instance does
 * not apply its own again.
 * <p>
 * With {@link #setAcks(InvalidationAcks, Duration) acknowledgements}, a broadcast waits
 * until every subscriber Redis delivered the message to (the {@code PUBLISH} reply counts
 * them, this instance's own included) acknowledged it, or until the deadline. On Redis
 * Cluster that reply counts only the subscribers of one node, so the wait lasts the
 * deadline there (see {@link #setSubscribersCounted(boolean)}). Subscribers that did not
 * acknowledge in time hold a {@link InvalidationSubscriber#setCatchUpLease catch-up
 * lease} no longer than the deadline, and have lost it when the broadcast returns.
 * <p>
 * A failed publish is logged, not thrown: the revocation mark is already in Redis, and
 * every instance checks it on every use of an entry it read from Redis. Only near-cache
 * entries of other instances wait for their (short) TTL then.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisInvalidationBroadcaster implements InvalidationBroadcaster {

	private static final Log logger = LogFactory.getLog(RedisInvalidationBroadcaster.class);

	private final StringRedisTemplate redis;

	private final String channel;

	private final String instanceId;

	private InvalidationMessageCodec codec = new InvalidationMessageCodec(MarkSeal.NONE);

	private @Nullable InvalidationAcks acks;

	private Duration ackTimeout = Duration.ZERO;

	private boolean subscribersCounted = true;

	/**
	 * Create a broadcaster.
	 * @param redis the template to publish with
	 * @param channel the channel
	 * @param instanceId this instance's id, the same the instance's subscriber ignores
	 */
	public RedisInvalidationBroadcaster(StringRedisTemplate redis, String channel, String instanceId) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.hasText(channel, "'channel' must not be empty");
		Assert.hasText(instanceId, "'instanceId' must not be empty");
		this.redis = redis;
		this.channel = channel;
		this.instanceId = instanceId;
	}

	/**
	 * Wait for acknowledgements after each broadcast, up to a deadline. Defaults to no
	 * wait.
	 * @param acks the acknowledgements of this instance
	 * @param timeout the deadline, at least the catch-up lease of every subscriber
	 */
	public void setAcks(InvalidationAcks acks, Duration timeout) {
		Assert.notNull(acks, "'acks' must not be null");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
		this.acks = acks;
		this.ackTimeout = timeout;
	}

	/**
	 * Set whether the {@code PUBLISH} reply counts every subscriber: not on Redis
	 * Cluster, where a wait for acknowledgements then lasts the deadline. Defaults to
	 * {@code true}.
	 * @param subscribersCounted whether the reply counts every subscriber
	 */
	public void setSubscribersCounted(boolean subscribersCounted) {
		this.subscribersCounted = subscribersCounted;
	}

	/**
	 * Set how messages are authenticated, the same on every instance. Defaults to
	 * {@link MarkSeal#NONE}.
	 * @param seal the seal
	 */
	public void setSeal(MarkSeal seal) {
		Assert.notNull(seal, "'seal' must not be null");
		this.codec = new InvalidationMessageCodec(seal);
	}

	@Override
	public Acknowledgements broadcast(Invalidation invalidation) {
		String message = this.codec.encode(invalidation, this.instanceId);
		InvalidationAcks.Wait wait = (this.acks != null) ? this.acks.expect(message) : null;
		try {
			Long delivered = this.redis.convertAndSend(this.channel, message);
			if (wait == null) {
				return Acknowledgements.NONE;
			}
			int count = (delivered != null && this.subscribersCounted) ? delivered.intValue() : -1;
			return wait.await(count, this.ackTimeout);
		}
		catch (DataAccessException ex) {
			if (wait != null) {
				wait.cancel();
			}
			logger.warn("Could not publish a " + invalidation.type() + " invalidation on '" + this.channel
					+ "'; the revocation mark in Redis still holds, other instances' near caches drop "
					+ "their entries when these expire", ex);
			return new Acknowledgements(-1, 0);
		}
	}

}
