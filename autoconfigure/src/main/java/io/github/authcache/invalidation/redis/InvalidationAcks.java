/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.authcache.invalidation.Acknowledgements;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * The acknowledgements of invalidation messages between instances. Each instance has its
 * own acknowledgement channel ({@code <invalidation channel>:acks:<instance id>}), which
 * its {@link InvalidationSubscriber} listens on; a subscriber that applied another
 * instance's message acknowledges it on that instance's channel, and one that received
 * its own instance's message acknowledges it in process. The
 * {@link RedisInvalidationBroadcaster} waits for them.
 * <p>
 * Acknowledgements are proven with the cache secret (see {@link AckMessageCodec}): one
 * that does not prove the message it claims to acknowledge is ignored, and an instance
 * counts once per message.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class InvalidationAcks {

	private static final Log logger = LogFactory.getLog(InvalidationAcks.class);

	private final StringRedisTemplate redis;

	private final String channel;

	private final String instanceId;

	private final AckMessageCodec codec;

	private final Set<Wait> waits = ConcurrentHashMap.newKeySet();

	private final LongAdder acknowledged = new LongAdder();

	private final LongAdder timeouts = new LongAdder();

	/**
	 * Create the acknowledgements of one instance.
	 * @param redis the template to publish acknowledgements with
	 * @param channel the invalidation channel
	 * @param instanceId this instance's id
	 * @param secret the cache secret that proves acknowledgements, or {@code null} to run
	 * without one (anyone who can publish to Redis can then acknowledge)
	 */
	public InvalidationAcks(StringRedisTemplate redis, String channel, String instanceId, @Nullable String secret) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.hasText(channel, "'channel' must not be empty");
		Assert.hasText(instanceId, "'instanceId' must not be empty");
		this.redis = redis;
		this.channel = channel;
		this.instanceId = instanceId;
		this.codec = new AckMessageCodec(secret);
	}

	/**
	 * Return how many acknowledgements were counted for this instance's invalidations.
	 * @return the number of acknowledgements
	 */
	public long getAcknowledged() {
		return this.acknowledged.sum();
	}

	/**
	 * Return how many of this instance's invalidations were not acknowledged by every
	 * subscriber before the deadline.
	 * @return the number of timeouts
	 */
	public long getTimeouts() {
		return this.timeouts.sum();
	}

	String channel() {
		return channelOf(this.instanceId);
	}

	Wait expect(String message) {
		Wait wait = new Wait(message);
		this.waits.add(wait);
		return wait;
	}

	void acknowledge(String message, String sender) {
		if (this.instanceId.equals(sender)) {
			received(message, this.instanceId);
			return;
		}
		try {
			this.redis.convertAndSend(channelOf(sender), this.codec.encode(message, this.instanceId));
		}
		catch (DataAccessException ex) {
			logger.debug("Could not acknowledge an invalidation; its sender stops waiting at its deadline", ex);
		}
	}

	void received(String ack) {
		AckMessageCodec.Ack read = this.codec.decode(ack);
		if (read == null) {
			logger.debug("Ignoring an unreadable acknowledgement");
			return;
		}
		for (Wait wait : this.waits) {
			if (this.codec.acknowledges(read, wait.message)) {
				wait.acknowledged(read.from());
			}
		}
	}

	private void received(String message, String from) {
		for (Wait wait : this.waits) {
			if (wait.message.equals(message)) {
				wait.acknowledged(from);
			}
		}
	}

	private String channelOf(String instanceId) {
		return this.channel + ":acks:" + instanceId;
	}

	/**
	 * The wait for the acknowledgements of one message.
	 */
	final class Wait {

		private final String message;

		private final Set<String> from = new HashSet<>();

		private Wait(String message) {
			this.message = message;
		}

		/**
		 * Wait until every subscriber the message was delivered to acknowledged it, or
		 * until the timeout, and stop waiting for more.
		 * @param delivered how many subscribers it was delivered to, {@code -1} if
		 * unknown (then the wait lasts the timeout)
		 * @param timeout the longest wait
		 * @return the acknowledgements
		 */
		Acknowledgements await(int delivered, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			int count;
			synchronized (this) {
				long remaining = timeout.toNanos();
				while ((delivered < 0 || this.from.size() < delivered) && remaining > 0) {
					try {
						wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						break;
					}
					remaining = deadline - System.nanoTime();
				}
				count = this.from.size();
			}
			cancel();
			Acknowledgements acknowledgements = new Acknowledgements(delivered, count);
			if (!acknowledgements.isComplete()) {
				InvalidationAcks.this.timeouts.increment();
			}
			return acknowledgements;
		}

		/**
		 * Stop waiting.
		 */
		void cancel() {
			InvalidationAcks.this.waits.remove(this);
		}

		private synchronized void acknowledged(String instance) {
			if (this.from.add(instance)) {
				InvalidationAcks.this.acknowledged.increment();
				notifyAll();
			}
		}

	}

}
