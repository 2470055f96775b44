/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} process listening on a free port on {@code 127.0.0.1}, with
 * its own temporary working directory and no persistence unless asked for. The process
 * can be stopped, restarted on the same port, killed, paused and resumed. A JVM shutdown
 * hook kills it if {@link #close()} is never called.
 *
 * <pre class="code">
 * try (RedisServer redis = RedisServer.builder().password("secret").start()) {
 *     try (Jedis jedis = redis.jedis()) {
 *         jedis.set("k", "v");
 *     }
 * }
 * </pre>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisServer implements AutoCloseable {

	static final String HOST = "127.0.0.1";

	private final RedisBinary binary;

	private final int port;

	private final @Nullable String password;

	private final List<String> configLines;

	private final List<String> arguments;

	private final boolean persistent;

	private final Duration startupTimeout;

	private final TlsCertificates.@Nullable ServerCertificate tls;

	private final Path directory;

	private final Path configFile;

	private @Nullable Process process;

	private boolean paused;

	private boolean configWritten;

	private RedisServer(Builder builder) {
		this.binary = (builder.binary != null) ? builder.binary : RedisBinary.detect();
		this.port = (builder.port != 0) ? builder.port : FreePorts.next();
		this.password = builder.password;
		this.configLines = List.copyOf(builder.configLines);
		this.arguments = List.copyOf(builder.arguments);
		this.persistent = builder.persistent;
		this.startupTimeout = builder.startupTimeout;
		this.tls = builder.tls;
		try {
			this.directory = Files.createTempDirectory("authcache-redis-" + this.port + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ManagedProcesses.registerDirectory(this.directory);
		this.configFile = this.directory.resolve("redis.conf");
	}

	/**
	 * Return a builder for a new server.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start a server with default settings on the detected binary.
	 * @return the running server
	 */
	public static RedisServer startDefault() {
		return builder().start();
	}

	/**
	 * Start the process, or restart it on the same port after {@link #stop()} or
	 * {@link #kill()}, and wait until it answers {@code PING}.
	 * @return this server
	 * @throws IllegalStateException if the server does not answer in time
	 */
	public synchronized RedisServer start() {
		if (isRunning()) {
			return this;
		}
		try {
			if (!this.configWritten) {
				Files.write(this.configFile, renderConfig(), StandardCharsets.UTF_8);
				this.configWritten = true;
			}
			if (!this.persistent) {
				Files.deleteIfExists(this.directory.resolve("dump.rdb"));
			}
			List<String> command = new ArrayList<>();
			command.add(this.binary.path().toString());
			command.add(this.configFile.toString());
			command.addAll(this.arguments);
			Process started = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("stdout.log").toFile()))
				.start();
			ManagedProcesses.register(started);
			this.process = started;
			this.paused = false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to start " + this.binary, ex);
		}
		awaitPing();
		return this;
	}

	private List<String> renderConfig() {
		List<String> lines = new ArrayList<>();
		if (this.tls != null) {
			lines.add("port 0");
			lines.add("tls-port " + this.port);
			lines.add("tls-cert-file " + quote(this.tls.certificate().toString()));
			lines.add("tls-key-file " + quote(this.tls.privateKey().toString()));
			lines.add("tls-ca-cert-file " + quote(this.tls.caCertificate().toString()));
			lines.add("tls-auth-clients no");
		}
		else {
			lines.add("port " + this.port);
		}
		lines.add("bind " + HOST);
		lines.add("daemonize no");
		lines.add("dir " + quote(this.directory.toString()));
		lines.add("logfile " + quote(this.directory.resolve("redis.log").toString()));
		if (!this.arguments.contains("--sentinel")) {
			lines.add("save \"\"");
			lines.add("appendonly " + (this.persistent ? "yes" : "no"));
			if (this.persistent) {
				lines.add("appendfsync always");
			}
		}
		if (this.password != null) {
			lines.add("requirepass " + quote(this.password));
		}
		lines.addAll(this.configLines);
		return lines;
	}

	static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private void awaitPing() {
		long deadline = System.nanoTime() + this.startupTimeout.toNanos();
		while (System.nanoTime() < deadline) {
			Process current = this.process;
			if (current == null || !current.isAlive()) {
				throw new IllegalStateException("redis-server on port " + this.port + " exited during startup"
						+ ((current != null) ? " with code " + current.exitValue() : "") + "\n" + logTail());
			}
			if (answersPing()) {
				return;
			}
			sleep(20);
		}
		kill();
		throw new IllegalStateException("redis-server on port " + this.port + " did not answer PING within "
				+ this.startupTimeout + "\n" + logTail());
	}

	private boolean answersPing() {
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress(HOST, this.port), 200);
			plain.setSoTimeout(500);
			Socket socket = plain;
			if (this.tls != null) {
				SSLSocket secure = (SSLSocket) this.tls.trustingSocketFactory()
					.createSocket(plain, HOST, this.port, true);
				secure.startHandshake();
				socket = secure;
			}
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[64];
			int read = in.read(buffer);
			if (read <= 0) {
				return false;
			}
			String reply = new String(buffer, 0, read, StandardCharsets.US_ASCII);
			return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Return the last lines of the server's log, for error messages.
	 * @return the log tail
	 */
	public String logTail() {
		StringBuilder tail = new StringBuilder();
		for (String name : List.of("stdout.log", "redis.log")) {
			Path log = this.directory.resolve(name);
			try {
				if (Files.exists(log)) {
					List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
					lines.subList(Math.max(0, lines.size() - 30), lines.size())
						.forEach((line) -> tail.append(name).append("| ").append(line).append('\n'));
				}
			}
			catch (IOException ex) {
				tail.append(name).append("| <unreadable: ").append(ex.getMessage()).append(">\n");
			}
		}
		return tail.toString();
	}

	/**
	 * Stop the process gracefully ({@code SIGTERM}), falling back to {@code SIGKILL}.
	 * Data is lost unless the server was built with {@link Builder#persistent(boolean)}.
	 */
	public synchronized void stop() {
		Process current = this.process;
		if (current == null) {
			return;
		}
		if (this.paused) {
			resume();
		}
		current.destroy();
		if (!waitFor(current, 10)) {
			current.destroyForcibly();
			waitFor(current, 10);
		}
		ManagedProcesses.unregister(current);
		this.process = null;
	}

	/**
	 * Kill the process with {@code SIGKILL}, as a crash would, and wait until it is gone.
	 */
	public synchronized void kill() {
		Process current = this.process;
		if (current == null) {
			return;
		}
		current.destroyForcibly();
		waitFor(current, 10);
		ManagedProcesses.unregister(current);
		this.process = null;
		this.paused = false;
	}

	/**
	 * Freeze the process with {@code SIGSTOP}: connections stay open but nothing answers,
	 * like a hung server.
	 */
	public synchronized void pause() {
		signal("STOP");
		this.paused = true;
	}

	/**
	 * Continue a paused process with {@code SIGCONT}.
	 */
	public synchronized void resume() {
		signal("CONT");
		this.paused = false;
	}

	private void signal(String name) {
		Process current = this.process;
		if (current == null) {
			throw new IllegalStateException("redis-server on port " + this.port + " is not running");
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(current.pid()))
				.redirectErrorStream(true)
				.start();
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + name + " " + current.pid() + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return whether the process is alive (a paused process is alive).
	 * @return whether the process is alive
	 */
	public synchronized boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/**
	 * Return whether the process is paused.
	 * @return whether the process is paused
	 */
	public synchronized boolean isPaused() {
		return this.paused;
	}

	/**
	 * Return the process id of the running server.
	 * @return the pid
	 */
	public synchronized long pid() {
		Process current = this.process;
		if (current == null) {
			throw new IllegalStateException("redis-server on port " + this.port + " is not running");
		}
		return current.pid();
	}

	/**
	 * Return the host the server listens on, always {@code 127.0.0.1}.
	 * @return the host
	 */
	public String host() {
		return HOST;
	}

	/**
	 * Return the port the server listens on; it stays the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return {@code host:port}.
	 * @return the address
	 */
	public String address() {
		return HOST + ":" + this.port;
	}

	/**
	 * Return the address as a Jedis {@link HostAndPort}.
	 * @return the address
	 */
	public HostAndPort hostAndPort() {
		return new HostAndPort(HOST, this.port);
	}

	/**
	 * Return the {@code requirepass} password, if any.
	 * @return the password or {@code null}
	 */
	public @Nullable String password() {
		return this.password;
	}

	/**
	 * Return the TLS certificate the server presents, if it only accepts TLS.
	 * @return the certificate or {@code null} for a plain-text server
	 */
	public TlsCertificates.@Nullable ServerCertificate tls() {
		return this.tls;
	}

	/**
	 * Return the binary this server runs.
	 * @return the binary
	 */
	public RedisBinary binary() {
		return this.binary;
	}

	/**
	 * Return the working directory of the server.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Return a new Jedis connection (2 s socket timeout, authenticated when a password is
	 * set, over TLS trusting the test CA without host name verification when the server
	 * uses TLS) for assertions. The caller closes it.
	 * @return a new connection
	 */
	public Jedis jedis() {
		return jedis(Duration.ofSeconds(2));
	}

	/**
	 * Return a new Jedis connection with the given socket timeout, authenticated when a
	 * password is set. The caller closes it.
	 * @param socketTimeout the socket and connect timeout
	 * @return a new connection
	 */
	public Jedis jedis(Duration socketTimeout) {
		int millis = Math.toIntExact(socketTimeout.toMillis());
		DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
			.socketTimeoutMillis(millis)
			.connectionTimeoutMillis(millis);
		if (this.password != null) {
			config.password(this.password);
		}
		if (this.tls != null) {
			config.ssl(true)
				.sslSocketFactory(this.tls.trustingSocketFactory())
				.sslParameters(new SSLParameters())
				.hostnameVerifier((host, session) -> true);
		}
		return new Jedis(hostAndPort(), config.build());
	}

	/**
	 * Return one field of {@code INFO <section>}, for example
	 * {@code infoField("replication", "role")}.
	 * @param section the INFO section
	 * @param field the field name
	 * @return the value, or an empty string if the field is absent
	 */
	public String infoField(String section, String field) {
		try (Jedis jedis = jedis(Duration.ofMillis(500))) {
			for (String line : jedis.info(section).split("\r?\n")) {
				if (line.startsWith(field + ":")) {
					return line.substring(field.length() + 1).trim();
				}
			}
			return "";
		}
	}

	/**
	 * Kill the process and delete the working directory.
	 */
	@Override
	public synchronized void close() {
		kill();
		ManagedProcesses.deleteDirectory(this.directory);
	}

	@Override
	public String toString() {
		return "RedisServer[" + address() + "]";
	}

	private static boolean waitFor(Process process, int seconds) {
		try {
			return process.waitFor(seconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * Builder for a {@link RedisServer}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private @Nullable RedisBinary binary;

		private int port;

		private @Nullable String password;

		private final List<String> configLines = new ArrayList<>();

		private final List<String> arguments = new ArrayList<>();

		private boolean persistent;

		private Duration startupTimeout = Duration.ofSeconds(10);

		private TlsCertificates.@Nullable ServerCertificate tls;

		private Builder() {
		}

		/**
		 * Use the given binary instead of {@link RedisBinary#detect()}.
		 * @param binary the binary
		 * @return this builder
		 */
		public Builder binary(RedisBinary binary) {
			this.binary = binary;
			return this;
		}

		/**
		 * Listen on the given port instead of a free one.
		 * @param port the port (never 6379)
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port == 6379) {
				throw new IllegalArgumentException("Port 6379 is reserved for a developer's own Redis");
			}
			this.port = port;
			return this;
		}

		/**
		 * Require the given password ({@code requirepass}).
		 * @param password the password
		 * @return this builder
		 */
		public Builder password(String password) {
			this.password = password;
			return this;
		}

		/**
		 * Add a configuration directive, for example {@code config("maxmemory", "2mb")}.
		 * The value is written verbatim.
		 * @param name the directive
		 * @param value the value
		 * @return this builder
		 */
		public Builder config(String name, String value) {
			this.configLines.add(name + " " + value);
			return this;
		}

		/**
		 * Add an ACL user, for example {@code aclUser("app on >pw ~auth:* +@all")}.
		 * @param rules the user name followed by its ACL rules
		 * @return this builder
		 */
		public Builder aclUser(String rules) {
			this.configLines.add("user " + rules);
			return this;
		}

		/**
		 * Whether data survives {@link RedisServer#stop()} and a restart (append-only
		 * file, fsync always). Off by default.
		 * @param persistent whether to keep data across restarts
		 * @return this builder
		 */
		public Builder persistent(boolean persistent) {
			this.persistent = persistent;
			return this;
		}

		/**
		 * Set how long {@link RedisServer#start()} waits for {@code PING}. Defaults to 10
		 * seconds.
		 * @param startupTimeout the timeout
		 * @return this builder
		 */
		public Builder startupTimeout(Duration startupTimeout) {
			this.startupTimeout = startupTimeout;
			return this;
		}

		/**
		 * Accept TLS connections only: the port becomes the {@code tls-port} (the
		 * plain-text port is {@code 0}) and the server presents the given certificate.
		 * Clients are not asked for certificates. Needs a binary built with TLS (see
		 * {@link RedisBinary#supportsTls()}).
		 * @param certificate the certificate, its key and the CA that signed it
		 * @return this builder
		 */
		public Builder tls(TlsCertificates.ServerCertificate certificate) {
			this.tls = certificate;
			return this;
		}

		Builder argument(String argument) {
			this.arguments.add(argument);
			return this;
		}

		/**
		 * Create the server without starting it.
		 * @return the server
		 */
		public RedisServer build() {
			return new RedisServer(this);
		}

		/**
		 * Create and start the server.
		 * @return the running server
		 */
		public RedisServer start() {
			RedisServer server = build();
			try {
				return server.start();
			}
			catch (RuntimeException ex) {
				server.close();
				throw ex;
			}
		}

	}

}
