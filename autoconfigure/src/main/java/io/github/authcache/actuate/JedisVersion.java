/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * The version of the Jedis on the classpath, read from its {@code pom.properties} (the
 * Jedis jar has no {@code Implementation-Version}), and whether it verifies TLS host
 * names by default (7.5.0 and later).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class JedisVersion {

	/**
	 * Location of Jedis's {@code pom.properties} on the classpath.
	 */
	public static final String POM_PROPERTIES = "META-INF/maven/redis.clients/jedis/pom.properties";

	private JedisVersion() {
	}

	/**
	 * Read the version of the Jedis that a class loader sees.
	 * @param classLoader the class loader
	 * @return the version, or {@code null} when it cannot be read
	 */
	public static @Nullable String read(@Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : JedisVersion.class.getClassLoader();
		try (InputStream in = loader.getResourceAsStream(POM_PROPERTIES)) {
			if (in == null) {
				return null;
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Return whether a Jedis version verifies TLS host names by default.
	 * @param version the version
	 * @return {@code true} from 7.5.0 on, {@code false} before it or when the version
	 * cannot be parsed
	 */
	public static boolean verifiesHostnames(@Nullable String version) {
		if (version == null) {
			return false;
		}
		String[] parts = version.split("[.-]");
		try {
			int major = Integer.parseInt(parts[0]);
			int minor = (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
			return major > 7 || (major == 7 && minor >= 5);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

}
