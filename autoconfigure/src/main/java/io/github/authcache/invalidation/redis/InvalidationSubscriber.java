/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.github.authcache.cache.Invalidation;
import io.github.authcache.cache.MarkSeal;
import io.github.authcache.cache.NearCache;
import io.github.authcache.cache.Revocations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Listens on the invalidation channel and applies what other instances revoked to this
 * process: their revocation marks to {@link Revocations#applyLocally(Invalidation)
 * Revocations}, and their drops to the {@link NearCache}.
 * <p>
 * Redis pub/sub is at-most-once and Jedis neither reconnects a subscriber nor notices a
 * hung server (a subscription waits with an infinite socket timeout). So the subscriber
 * runs on its own daemon thread with its own connection, and:
 * <ul>
 * <li>a watchdog sends {@code PING} on that connection every ping interval and closes it
 * when nothing (no pong, no message, no subscribe confirmation) was heard for the pong
 * timeout, so the subscription returns;</li>
 * <li>a lost subscription is retried with exponential backoff and jitter;</li>
 * <li>the near cache is cleared when the subscription is lost and again on every
 * subscribe confirmation, because messages sent in between are gone;</li>
 * <li>{@link #isSubscribed()} tells whether broadcasts are being received; the near cache
 * should not be trusted while they are not.</li>
 * </ul>
 * With {@link #setAcks(InvalidationAcks) acknowledgements}, each message is acknowledged
 * to its sender once applied, and the subscription also receives the acknowledgements of
 * this instance's own messages. With a {@link #setCatchUpLease(Duration) catch-up lease},
 * {@link #isCaughtUp()} tells whether every message published longer ago than the lease
 * was applied (see {@link CatchUpLease}); the near cache should not be used while it is
 * not.
 * <p>
 * Messages this instance sent itself (same instance id) are not applied again, and
 * neither are messages without a valid MAC ({@link #setSeal}) nor revocations dated in
 * the future ({@link Revocations#applyLocally}). Messages are never logged: they name
 * entry keys, user and session ids.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class InvalidationSubscriber implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(InvalidationSubscriber.class);

	private final SubscriberConnectionFactory connections;

	private final String channel;

	private final String instanceId;

	private final Revocations revocations;

	private final NearCache nearCache;

	private InvalidationMessageCodec codec = new InvalidationMessageCodec(MarkSeal.NONE);

	private final AtomicLong subscriptions = new AtomicLong();

	private final AtomicLong received = new AtomicLong();

	private final Object monitor = new Object();

	private Duration pingInterval = Duration.ofSeconds(1);

	private Duration pongTimeout = Duration.ofSeconds(3);

	private Duration initialBackoff = Duration.ofMillis(100);

	private Duration maxBackoff = Duration.ofSeconds(5);

	private @Nullable InvalidationAcks acks;

	private @Nullable CatchUpLease lease;

	private volatile boolean running;

	private volatile @Nullable Session session;

	private @Nullable Thread subscriberThread;

	private @Nullable Thread watchdogThread;

	/**
	 * Create a subscriber.
	 * @param connections opens the subscriber's own connections
	 * @param channel the channel
	 * @param instanceId this instance's id: messages carrying it are not applied again
	 * @param revocations the revocation marks of this process
	 * @param nearCache this process's near cache
	 */
	public InvalidationSubscriber(SubscriberConnectionFactory connections, String channel, String instanceId,
			Revocations revocations, NearCache nearCache) {
		Assert.notNull(connections, "'connections' must not be null");
		Assert.hasText(channel, "'channel' must not be empty");
		Assert.hasText(instanceId, "'instanceId' must not be empty");
		Assert.notNull(revocations, "'revocations' must not be null");
		Assert.notNull(nearCache, "'nearCache' must not be null");
		this.connections = connections;
		this.channel = channel;
		this.instanceId = instanceId;
		this.revocations = revocations;
		this.nearCache = nearCache;
	}

	/**
	 * Set how messages are authenticated, the same on every instance: a message without a
	 * valid MAC is ignored and counted ({@link MarkSeal#ignored()}). Defaults to
	 * {@link MarkSeal#NONE}.
	 * @param seal the seal
	 */
	public void setSeal(MarkSeal seal) {
		Assert.notNull(seal, "'seal' must not be null");
		this.codec = new InvalidationMessageCodec(seal);
	}

	/**
	 * Set how often the watchdog pings the subscriber's connection. Defaults to 1 second.
	 * @param pingInterval the interval
	 */
	public void setPingInterval(Duration pingInterval) {
		Assert.isTrue(!pingInterval.isNegative() && !pingInterval.isZero(), "'pingInterval' must be positive");
		this.pingInterval = pingInterval;
	}

	/**
	 * Set how long the connection may stay silent before the watchdog closes it. Defaults
	 * to 3 seconds.
	 * @param pongTimeout the timeout
	 */
	public void setPongTimeout(Duration pongTimeout) {
		Assert.isTrue(!pongTimeout.isNegative() && !pongTimeout.isZero(), "'pongTimeout' must be positive");
		this.pongTimeout = pongTimeout;
	}

	/**
	 * Set the first and the longest wait between subscription attempts. Defaults to 100
	 * ms and 5 seconds.
	 * @param initialBackoff the first wait
	 * @param maxBackoff the longest wait
	 */
	public void setBackoff(Duration initialBackoff, Duration maxBackoff) {
		Assert.isTrue(!initialBackoff.isNegative() && !initialBackoff.isZero(), "'initialBackoff' must be positive");
		Assert.isTrue(maxBackoff.compareTo(initialBackoff) >= 0, "'maxBackoff' must not be below 'initialBackoff'");
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
	}

	/**
	 * Set the acknowledgements: messages are acknowledged to their senders once applied,
	 * and this instance's acknowledgement channel is subscribed to as well. Defaults to
	 * none.
	 * @param acks the acknowledgements of this instance
	 */
	public void setAcks(InvalidationAcks acks) {
		Assert.notNull(acks, "'acks' must not be null");
		this.acks = acks;
	}

	/**
	 * Set how recently the subscriber must be known to have applied every published
	 * message for {@link #isCaughtUp()}; at most the acknowledgement deadline of the
	 * broadcasters. The connection is pinged four times per lease. Defaults to none:
	 * being subscribed is enough.
	 * @param lease the lease
	 */
	public void setCatchUpLease(Duration lease) {
		Assert.isTrue(!lease.isNegative() && !lease.isZero(), "'lease' must be positive");
		this.lease = new CatchUpLease(lease);
	}

	/**
	 * Whether the subscription is confirmed and the connection alive: broadcasts are
	 * being received.
	 * @return whether subscribed
	 */
	public boolean isSubscribed() {
		Session current = this.session;
		return current != null && current.confirmed;
	}

	/**
	 * Whether the subscriber is subscribed and, with a catch-up lease, known to have
	 * applied every message published longer ago than the lease: the near cache may
	 * answer.
	 * @return whether caught up
	 */
	public boolean isCaughtUp() {
		CatchUpLease current = this.lease;
		return isSubscribed() && (current == null || current.isHeld());
	}

	/**
	 * Return how long the subscriber was subscribed but not caught up, because it applied
	 * messages late.
	 * @return the time behind
	 */
	public Duration getTimeBehind() {
		CatchUpLease current = this.lease;
		return (current != null) ? current.lapsed() : Duration.ZERO;
	}

	/**
	 * Return how many times the subscription was re-established after it had been lost.
	 * @return the number of reconnects
	 */
	public long getReconnects() {
		return Math.max(0, this.subscriptions.get() - 1);
	}

	/**
	 * Return how many messages from other instances were applied.
	 * @return the number of messages applied
	 */
	public long getReceived() {
		return this.received.get();
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			this.subscriberThread = daemon(this::subscribeLoop, "authcache-invalidation-subscriber");
			this.watchdogThread = daemon(this::watchdogLoop, "authcache-invalidation-watchdog");
		}
	}

	@Override
	public void stop() {
		Thread subscriber;
		Thread watchdog;
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			subscriber = this.subscriberThread;
			watchdog = this.watchdogThread;
			this.subscriberThread = null;
			this.watchdogThread = null;
		}
		Session current = this.session;
		if (current != null) {
			current.close();
		}
		interruptAndJoin(watchdog);
		interruptAndJoin(subscriber);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void subscribeLoop() {
		long backoff = this.initialBackoff.toMillis();
		boolean reported = false;
		while (this.running) {
			Session current = null;
			RuntimeException failure = null;
			try {
				current = new Session(this.connections.connect());
				this.session = current;
				if (this.running) {
					current.jedis.subscribe(current.listener, channels());
				}
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			finally {
				this.session = null;
				if (current != null) {
					current.close();
				}
				this.nearCache.clear();
			}
			if (!this.running) {
				break;
			}
			boolean wasSubscribed = current != null && current.wasConfirmed;
			if (wasSubscribed) {
				backoff = this.initialBackoff.toMillis();
				reported = false;
			}
			if (!reported) {
				logger.warn("Invalidation subscription on '" + this.channel
						+ "' lost; the near cache is flushed and unused until it is back", failure);
				reported = true;
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Invalidation subscription attempt failed", failure);
			}
			sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
			backoff = Math.min(backoff * 2, this.maxBackoff.toMillis());
		}
	}

	private String[] channels() {
		InvalidationAcks current = this.acks;
		return (current != null) ? new String[] { this.channel, current.channel() } : new String[] { this.channel };
	}

	private void watchdogLoop() {
		CatchUpLease catchUp = this.lease;
		long interval = (catchUp != null) ? Math.min(this.pingInterval.toMillis(), catchUp.renewalInterval().toMillis())
				: this.pingInterval.toMillis();
		while (this.running) {
			sleep(interval);
			Session current = this.session;
			if (current == null || !this.running) {
				continue;
			}
			long silentNanos = System.nanoTime() - current.lastHeard;
			if (silentNanos > this.pongTimeout.toNanos()) {
				logger.warn("Invalidation subscription on '" + this.channel + "' silent for "
						+ Duration.ofNanos(silentNanos).toMillis() + " ms; reconnecting");
				current.close();
			}
			else if (current.listener.isSubscribed()) {
				try {
					current.listener.ping(Long.toString(System.nanoTime()));
				}
				catch (RuntimeException ex) {
					current.close();
				}
			}
		}
	}

	private void apply(String message) {
		InvalidationMessageCodec.Received received = this.codec.decode(message);
		if (received == null) {
			logger.debug("Ignoring an unreadable invalidation message");
			return;
		}
		if (!this.instanceId.equals(received.sender()) && this.revocations.applyLocally(received.invalidation())) {
			this.nearCache.invalidate(received.invalidation());
			this.received.incrementAndGet();
		}
		InvalidationAcks current = this.acks;
		if (current != null) {
			current.acknowledge(message, received.sender());
		}
	}

	private void answered(String pong) {
		CatchUpLease current = this.lease;
		if (current != null && !pong.isEmpty()) {
			try {
				current.answered(Long.parseLong(pong));
			}
			catch (NumberFormatException ex) {
				logger.debug("Ignoring an unexpected pong");
			}
		}
	}

	private void subscribed() {
		this.nearCache.clear();
		if (this.subscriptions.incrementAndGet() > 1) {
			logger.info("Invalidation subscription on '" + this.channel + "' is back; near cache flushed");
		}
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void interruptAndJoin(@Nullable Thread thread) {
		if (thread == null) {
			return;
		}
		thread.interrupt();
		try {
			thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			if (this.running) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * One connection and its subscription.
	 */
	private final class Session {

		private final Jedis jedis;

		private final Listener listener = new Listener(this);

		private volatile long lastHeard = System.nanoTime();

		private volatile boolean confirmed;

		private volatile boolean wasConfirmed;

		Session(Jedis jedis) {
			this.jedis = jedis;
		}

		void heard() {
			this.lastHeard = System.nanoTime();
		}

		void close() {
			this.confirmed = false;
			CatchUpLease current = InvalidationSubscriber.this.lease;
			if (current != null) {
				current.release();
			}
			InvalidationSubscriber.this.nearCache.clear();
			try {
				this.jedis.getConnection().forceDisconnect();
			}
			catch (Exception ex) {
				logger.trace("Closing the subscriber connection failed", ex);
			}
		}

	}

	private final class Listener extends JedisPubSub {

		private final Session owner;

		Listener(Session owner) {
			this.owner = owner;
		}

		@Override
		public void onSubscribe(String channel, int subscribedChannels) {
			this.owner.heard();
			if (!InvalidationSubscriber.this.channel.equals(channel)) {
				return;
			}
			subscribed();
			this.owner.confirmed = true;
			this.owner.wasConfirmed = true;
		}

		@Override
		public void onMessage(String channel, String message) {
			this.owner.heard();
			InvalidationAcks current = InvalidationSubscriber.this.acks;
			if (current != null && !InvalidationSubscriber.this.channel.equals(channel)) {
				current.received(message);
			}
			else {
				apply(message);
			}
		}

		@Override
		public void onPong(String pattern) {
			this.owner.heard();
			answered(pattern);
		}

	}

}
