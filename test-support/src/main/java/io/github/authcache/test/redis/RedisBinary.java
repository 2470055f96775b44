/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Locates a {@code redis-server} executable: the {@code REDIS_SERVER} environment
 * variable, then {@code redis-server} on the {@code PATH}, then the binary shipped inside
 * the {@code embedded-redis} jar, extracted to a temporary file.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisBinary {

	private static final Pattern VERSION = Pattern.compile("v=([0-9][0-9.]*)");

	private static volatile @Nullable RedisBinary detected;

	private static volatile @Nullable RedisBinary embedded;

	private final Path path;

	private final String source;

	private volatile @Nullable String version;

	private volatile @Nullable Boolean tls;

	private RedisBinary(Path path, String source) {
		this.path = path;
		this.source = source;
	}

	/**
	 * Return the binary to use on this machine, detected once per JVM.
	 * @return the binary
	 */
	public static RedisBinary detect() {
		RedisBinary binary = detected;
		if (binary == null) {
			synchronized (RedisBinary.class) {
				binary = detected;
				if (binary == null) {
					binary = detect(System.getenv(), System.getenv("PATH"));
					detected = binary;
				}
			}
		}
		return binary;
	}

	static RedisBinary detect(Map<String, String> environment, @Nullable String searchPath) {
		String configured = environment.get("REDIS_SERVER");
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			if (!Files.isExecutable(path)) {
				throw new IllegalStateException("REDIS_SERVER points to " + path + ", which is not executable");
			}
			return new RedisBinary(path, "REDIS_SERVER");
		}
		Path onPath = findOnPath(searchPath);
		return (onPath != null) ? new RedisBinary(onPath, "PATH") : embedded();
	}

	/**
	 * Return the binary shipped inside the {@code embedded-redis} jar for this operating
	 * system and architecture, skipping any lookup on the {@code PATH}.
	 * @return the extracted binary
	 */
	static RedisBinary embedded() {
		RedisBinary binary = embedded;
		if (binary == null) {
			synchronized (RedisBinary.class) {
				binary = embedded;
				if (binary == null) {
					binary = new RedisBinary(extract(resourceName()), "embedded-redis");
					embedded = binary;
				}
			}
		}
		return binary;
	}

	private static @Nullable Path findOnPath(@Nullable String searchPath) {
		if (searchPath == null) {
			return null;
		}
		for (String directory : searchPath.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, "redis-server");
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

	static String resourceName() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		boolean arm = arch.equals("aarch64") || arch.equals("arm64");
		boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
		if (os.contains("linux")) {
			if (x64) {
				return "redis-server-6.2.6-v5-linux-amd64";
			}
			if (arm) {
				return "redis-server-6.2.7-linux-arm64";
			}
			if (arch.equals("x86") || arch.equals("i386") || arch.equals("i686")) {
				return "redis-server-6.2.7-linux-386";
			}
		}
		if (os.contains("mac") || os.contains("darwin")) {
			return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
		}
		throw new IllegalStateException(
				"No embedded redis-server for " + os + "/" + arch + "; install redis-server or set REDIS_SERVER");
	}

	private static Path extract(String resource) {
		try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(
						"Resource " + resource + " not found; is embedded-redis on the classpath?");
			}
			Path target = Files.createTempFile("authcache-redis-server-", "");
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
			if (!target.toFile().setExecutable(true, true)) {
				throw new IllegalStateException("Unable to make " + target + " executable");
			}
			target.toFile().deleteOnExit();
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to extract " + resource, ex);
		}
	}

	/**
	 * Return the path of the executable.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Return where the binary was found: {@code REDIS_SERVER}, {@code PATH} or
	 * {@code embedded-redis}.
	 * @return the source description
	 */
	public String source() {
		return this.source;
	}

	/**
	 * Return the server version reported by {@code redis-server --version}, for example
	 * {@code 7.0.15}.
	 * @return the version, or {@code "unknown"}
	 */
	public String version() {
		String result = this.version;
		if (result == null) {
			result = readVersion();
			this.version = result;
		}
		return result;
	}

	private String readVersion() {
		try {
			Process process = new ProcessBuilder(this.path.toString(), "--version").redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			process.waitFor(5, TimeUnit.SECONDS);
			Matcher matcher = VERSION.matcher(new String(output, StandardCharsets.UTF_8));
			return matcher.find() ? matcher.group(1) : "unknown";
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	/**
	 * Return whether the binary was built with TLS support. It is started once with a
	 * {@code tls-port} and no certificate: a build with TLS refuses that configuration
	 * ("Failed to configure TLS"), a build without it has nothing to configure.
	 * @return whether {@code tls-port} can be used
	 */
	public boolean supportsTls() {
		Boolean result = this.tls;
		if (result == null) {
			result = probeTls();
			this.tls = result;
		}
		return result;
	}

	private boolean probeTls() {
		try {
			Process process = new ProcessBuilder(this.path.toString(), "--port", "0", "--tls-port",
					Integer.toString(FreePorts.next()), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.start();
			try {
				if (!process.waitFor(5, TimeUnit.SECONDS)) {
					return false;
				}
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				return output.contains("Failed to configure TLS");
			}
			finally {
				process.destroyForcibly();
			}
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public String toString() {
		return this.path + " (" + this.source + ")";
	}

}
