/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy in front of a redis-server that delivers what Redis sends on subscriber
 * connections (those that sent {@code SUBSCRIBE}) late, by a delay the test sets: an
 * application instance whose subscriber applies messages and pongs late, as a busy or
 * paused process does, with nothing changed in the application. Other connections pass at
 * once.
 *
 * @author authcache authors
 */
final class SubscriberLagProxy implements AutoCloseable {

	private static final byte[] SUBSCRIBE = "SUBSCRIBE".getBytes(StandardCharsets.US_ASCII);

	private final String host;

	private final int port;

	private final ServerSocket server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile long delayNanos;

	private volatile long lastDeliveredArrival = System.nanoTime();

	SubscriberLagProxy(String host, int port) {
		this.host = host;
		this.port = port;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		daemon(this::accept);
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Deliver what Redis sends to subscribers from now on after the given delay.
	 * @param delay the delay, zero for none
	 */
	void delay(Duration delay) {
		this.delayNanos = delay.toNanos();
	}

	/**
	 * Set the delay to zero and wait until a subscriber was sent something that Redis
	 * sent after this call (a pong or a message): then everything Redis sent before has
	 * been delivered, and the subscriber's pings are answered at once again.
	 */
	void catchUp() {
		delay(Duration.ZERO);
		long start = System.nanoTime();
		long deadline = start + Duration.ofSeconds(5).toNanos();
		while (this.lastDeliveredArrival - start <= 0) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("No subscriber received anything from Redis for 5 s");
			}
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket redis = new Socket(this.host, this.port);
				client.setTcpNoDelay(true);
				redis.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(redis);
				Connection connection = new Connection(client, redis);
				daemon(connection::fromClient);
				daemon(connection::fromRedis);
				daemon(connection::toClient);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing
		}
		this.sockets.forEach(SubscriberLagProxy::closeQuietly);
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "subscriber-lag-proxy");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing
		}
	}

	private static boolean contains(byte[] bytes, int length, byte[] part) {
		for (int i = 0; i + part.length <= length; i++) {
			if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
				return true;
			}
		}
		return false;
	}

	private record Chunk(byte[] bytes, long arrivedNanos, long dueNanos) {

	}

	private final class Connection {

		private final Socket client;

		private final Socket redis;

		private final BlockingQueue<Chunk> toClient = new LinkedBlockingQueue<>();

		private volatile boolean subscriber;

		private Connection(Socket client, Socket redis) {
			this.client = client;
			this.redis = redis;
		}

		// The subscriber mark is set before Redis sees the command, so its reply is
		// delayed too
		private void fromClient() {
			byte[] buffer = new byte[8192];
			try (InputStream in = this.client.getInputStream(); OutputStream out = this.redis.getOutputStream()) {
				for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
					if (!this.subscriber && contains(buffer, read, SUBSCRIBE)) {
						this.subscriber = true;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// closed
			}
			close();
		}

		private void fromRedis() {
			byte[] buffer = new byte[8192];
			try (InputStream in = this.redis.getInputStream()) {
				for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
					long arrived = System.nanoTime();
					long delay = this.subscriber ? SubscriberLagProxy.this.delayNanos : 0;
					this.toClient.add(new Chunk(Arrays.copyOf(buffer, read), arrived, arrived + delay));
				}
			}
			catch (IOException ex) {
				// closed
			}
			close();
		}

		// Each chunk leaves when it is due, in order: a constant lag, not a growing one
		private void toClient() {
			try (OutputStream out = this.client.getOutputStream()) {
				while (!this.client.isClosed()) {
					Chunk chunk = this.toClient.poll(100, TimeUnit.MILLISECONDS);
					if (chunk != null) {
						TimeUnit.NANOSECONDS.sleep(chunk.dueNanos() - System.nanoTime());
						out.write(chunk.bytes());
						out.flush();
						if (this.subscriber) {
							SubscriberLagProxy.this.lastDeliveredArrival = chunk.arrivedNanos();
						}
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				// closed
			}
			close();
		}

		private void close() {
			closeQuietly(this.client);
			closeQuietly(this.redis);
		}

	}

}
