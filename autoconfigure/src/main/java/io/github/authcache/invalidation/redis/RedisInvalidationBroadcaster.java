/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import io.github.authcache.cache.Invalidation;
import io.github.authcache.cache.MarkSeal;
import io.github.authcache.invalidation.InvalidationBroadcaster;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * {@link InvalidationBroadcaster} that publishes each invalidation on a Redis pub/sub
 * channel ({@code <key-prefix>invalidations}), for the {@link InvalidationSubscriber}s of
 * the other instances. A message carries the sender's instance id, so an instance ignores
 * its own.
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
	 * Set how messages are authenticated, the same on every instance. Defaults to
	 * {@link MarkSeal#NONE}.
	 * @param seal the seal
	 */
	public void setSeal(MarkSeal seal) {
		Assert.notNull(seal, "'seal' must not be null");
		this.codec = new InvalidationMessageCodec(seal);
	}

	@Override
	public void broadcast(Invalidation invalidation) {
		try {
			this.redis.convertAndSend(this.channel, this.codec.encode(invalidation, this.instanceId));
		}
		catch (DataAccessException ex) {
			logger.warn("Could not publish a " + invalidation.type() + " invalidation on '" + this.channel
					+ "'; the revocation mark in Redis still holds, other instances' near caches drop "
					+ "their entries when these expire", ex);
		}
	}

}
