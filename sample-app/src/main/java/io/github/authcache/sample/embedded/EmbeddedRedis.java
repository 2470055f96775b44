/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample.embedded;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A {@code redis-server} for the sample's demo mode, on a free loopback port, without
 * persistence: {@code redis-server} from the {@code PATH} when there is one, otherwise
 * the binary that the {@code embedded-redis} artifact ships. Never for production: it
 * exists so that the sample runs with nothing installed.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class EmbeddedRedis implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private final RedisServer server;

	private final int port;

	private final String binary;

	private EmbeddedRedis(RedisServer server, int port, String binary) {
		this.server = server;
		this.port = port;
		this.binary = binary;
	}

	/**
	 * Start a {@code redis-server} on a free loopback port.
	 * @return the running server
	 */
	public static EmbeddedRedis start() {
		ExecutableProvider executable;
		String binary;
		try {
			executable = ExecutableProvider.newExecutableInPath("redis-server");
			binary = "redis-server from the PATH";
		}
		catch (FileNotFoundException ex) {
			executable = ExecutableProvider.newJarResourceProvider();
			binary = "the redis-server of the embedded-redis artifact";
		}
		try {
			int port = freePort();
			RedisServer server = RedisServer.newRedisServer()
				.executableProvider(executable)
				.bind(HOST)
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.onShutdownForceStop(true)
				.build();
			server.start();
			return new EmbeddedRedis(server, port, binary);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to start an embedded redis-server", ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Return the host the server listens on.
	 * @return the loopback address
	 */
	public String host() {
		return HOST;
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return whether the server is running.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		return this.server.isActive();
	}

	/**
	 * Stop the server.
	 */
	@Override
	public void close() {
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to stop the embedded redis-server", ex);
		}
	}

	@Override
	public String toString() {
		return HOST + ":" + this.port + " (" + this.binary + ")";
	}

}
