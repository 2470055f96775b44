/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Subscriber connections whose reads a test can slow down or hold: what the subscriber
 * reads from Redis (messages, pongs) reaches it only after the current delay, or once the
 * hold is released. This is a subscriber that applies messages late, as a busy or paused
 * process does, with nothing changed in the subscriber itself.
 *
 * @author authcache authors
 */
final class GatedSubscriberConnections implements SubscriberConnectionFactory {

	private final String host;

	private final int port;

	private final Object monitor = new Object();

	private volatile long delayNanos;

	private boolean held;

	GatedSubscriberConnections(String host, int port) {
		this.host = host;
		this.port = port;
	}

	/**
	 * Deliver what is read only after the given delay.
	 * @param delay the delay, zero for none
	 */
	void delay(Duration delay) {
		this.delayNanos = delay.toNanos();
	}

	/**
	 * Deliver nothing read from now on until {@link #release()}.
	 */
	void hold() {
		synchronized (this.monitor) {
			this.held = true;
		}
	}

	/**
	 * Deliver what was held, and what follows.
	 */
	void release() {
		synchronized (this.monitor) {
			this.held = false;
			this.monitor.notifyAll();
		}
	}

	@Override
	public Jedis connect() {
		return new Jedis(this::socket,
				DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(500).build());
	}

	private Socket socket() {
		try {
			Socket socket = new GatedSocket();
			socket.setTcpNoDelay(true);
			socket.connect(new InetSocketAddress(this.host, this.port), 500);
			return socket;
		}
		catch (IOException ex) {
			throw new JedisConnectionException(ex);
		}
	}

	private void pass() throws InterruptedIOException {
		try {
			long delay = this.delayNanos;
			if (delay > 0) {
				Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
			}
			synchronized (this.monitor) {
				while (this.held) {
					this.monitor.wait();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException();
		}
	}

	private final class GatedSocket extends Socket {

		@Override
		public InputStream getInputStream() throws IOException {
			return new FilterInputStream(super.getInputStream()) {

				@Override
				public int read() throws IOException {
					int read = super.read();
					pass();
					return read;
				}

				@Override
				public int read(byte[] bytes, int offset, int length) throws IOException {
					int read = super.read(bytes, offset, length);
					pass();
					return read;
				}

			};
		}

	}

}
