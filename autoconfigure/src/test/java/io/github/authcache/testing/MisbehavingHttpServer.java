/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server on a free loopback port that misbehaves as a stalled identity
 * provider or load balancer does: it never answers, sends headers and then stalls,
 * trickles the body one byte a second, or sends a body far larger than anyone should
 * read. It records how many connections the client closed and how many body bytes it
 * managed to write, so a test can tell that the client let go.
 *
 * @author authcache authors
 */
public final class MisbehavingHttpServer implements AutoCloseable {

	/**
	 * What the server does with each request.
	 */
	public enum Behavior {

		/**
		 * Read the request, never answer.
		 */
		NO_HEADERS,

		/**
		 * Send a 200 with a {@code Content-Length} and the first byte, then stall.
		 */
		HEADERS_THEN_STALL,

		/**
		 * Send a 200 and then one byte of the body a second.
		 */
		TRICKLE,

		/**
		 * Send a 200 with {@code Content-Length} of 300 MB and write it as fast as
		 * possible.
		 */
		HUGE_DECLARED,

		/**
		 * Send a chunked 200 without a length, and write chunks as fast as possible.
		 */
		HUGE_CHUNKED

	}

	private static final long HUGE = 300L * 1024 * 1024;

	private final Behavior behavior;

	private final ServerSocket serverSocket;

	private final AtomicInteger closedByClient = new AtomicInteger();

	private final AtomicLong bodyBytesWritten = new AtomicLong();

	/**
	 * Start a server.
	 * @param behavior what it does with each request
	 */
	public MisbehavingHttpServer(Behavior behavior) {
		this.behavior = behavior;
		try {
			this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		daemon(this::accept, "misbehaving-http-acceptor").start();
	}

	/**
	 * Return the base URL.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.serverSocket.getLocalPort();
	}

	/**
	 * Return how many connections the client closed while the server was answering.
	 * @return the count
	 */
	public int closedByClient() {
		return this.closedByClient.get();
	}

	/**
	 * Return how many body bytes the server wrote, in total.
	 * @return the count
	 */
	public long bodyBytesWritten() {
		return this.bodyBytesWritten.get();
	}

	/**
	 * Wait until the client closed the given number of connections.
	 * @param count the number of connections
	 * @param timeoutSeconds how long to wait at most
	 * @return whether it did
	 * @throws InterruptedException when interrupted
	 */
	public boolean awaitClosedByClient(int count, long timeoutSeconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		while (this.closedByClient.get() < count && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		return this.closedByClient.get() >= count;
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket socket = this.serverSocket.accept();
				daemon(() -> serve(socket), "misbehaving-http-connection").start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			readRequestHead(in);
			OutputStream out = socket.getOutputStream();
			switch (this.behavior) {
				case NO_HEADERS -> awaitClose(in);
				case HEADERS_THEN_STALL -> {
					head(out, "Content-Length: 1000");
					body(out, new byte[] { '{' });
					awaitClose(in);
				}
				case TRICKLE -> {
					head(out, "Content-Length: 100000");
					byte[] one = { ' ' };
					while (true) {
						body(out, one);
						Thread.sleep(1000);
					}
				}
				case HUGE_DECLARED -> {
					head(out, "Content-Length: " + HUGE);
					byte[] block = new byte[64 * 1024];
					for (long sent = 0; sent < HUGE; sent += block.length) {
						body(out, block);
					}
				}
				case HUGE_CHUNKED -> {
					head(out, "Transfer-Encoding: chunked");
					byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
					for (long sent = 0; sent < HUGE; sent += 0x10000) {
						out.write(chunk);
						this.bodyBytesWritten.addAndGet(0x10000);
					}
				}
			}
		}
		catch (IOException ex) {
			// The client closed the connection (a reset or a broken pipe)
			this.closedByClient.incrementAndGet();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitClose(InputStream in) throws IOException {
		// Reads what is left of the request (a form body) until the client closes
		int read = 0;
		while (read != -1) {
			read = in.read();
		}
		throw new IOException("Closed by the client");
	}

	private void body(OutputStream out, byte[] bytes) throws IOException {
		out.write(bytes);
		out.flush();
		this.bodyBytesWritten.addAndGet(bytes.length);
	}

	private static void head(OutputStream out, String lengthHeader) throws IOException {
		out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + lengthHeader + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	private static void readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int b = in.read();
			if (b == -1) {
				throw new IOException("Closed before the request ended");
			}
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

}
