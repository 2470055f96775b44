/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A minimal HTTP/1.1 keep-alive client on one loopback socket: cheap enough that on a
 * 2-core machine most of the CPU goes to the server under test, not to the client.
 * Understands {@code Content-Length} and chunked bodies; not thread-safe (one per load
 * thread).
 *
 * @author authcache authors
 */
final class LoadClient implements Closeable {

	private final int port;

	private @Nullable Socket socket;

	private @Nullable InputStream in;

	private @Nullable OutputStream out;

	LoadClient(int port) {
		this.port = port;
	}

	/**
	 * Send a GET and read the whole answer.
	 * @param path the path
	 * @param bearer the bearer token, or {@code null}
	 * @return the status code
	 * @throws IOException on a broken connection
	 */
	int get(String path, @Nullable String bearer) throws IOException {
		if (this.socket == null) {
			connect();
		}
		StringBuilder request = new StringBuilder(256).append("GET ")
			.append(path)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
		if (bearer != null) {
			request.append("Authorization: Bearer ").append(bearer).append("\r\n");
		}
		request.append("\r\n");
		this.out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		return readResponse();
	}

	private void connect() throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.setSoTimeout(10_000);
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 2_000);
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream(), 8192);
		this.out = socket.getOutputStream();
	}

	private int readResponse() throws IOException {
		String statusLine = readLine();
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long contentLength = -1;
		boolean chunked = false;
		boolean close = false;
		String line = readLine();
		for (; !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String name = line.substring(0, colon).trim();
			String value = line.substring(colon + 1).trim();
			if (name.equalsIgnoreCase("Content-Length")) {
				contentLength = Long.parseLong(value);
			}
			else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
				chunked = true;
			}
			else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
				close = true;
			}
		}
		if (chunked) {
			long size;
			while ((size = Long.parseLong(readLine().trim(), 16)) > 0) {
				skip(size);
				readLine();
			}
			readLine();
		}
		else if (contentLength > 0) {
			skip(contentLength);
		}
		if (close) {
			close();
		}
		return status;
	}

	private void skip(long count) throws IOException {
		long remaining = count;
		while (remaining > 0) {
			long skipped = this.in.skip(remaining);
			if (skipped <= 0) {
				if (this.in.read() < 0) {
					throw new IOException("Connection closed in a body");
				}
				skipped = 1;
			}
			remaining -= skipped;
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(64);
		int b;
		while ((b = this.in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("Connection closed");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// ignore
			}
		}
		this.socket = null;
		this.in = null;
		this.out = null;
	}

}
