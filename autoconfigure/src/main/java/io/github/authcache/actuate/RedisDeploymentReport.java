/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.actuate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.util.Assert;

/**
 * A report of how the Redis behind the cache is deployed, and what that means for
 * authentication: logged once at startup as one block, and part of the {@code authcache}
 * endpoint. It names the Redis client authcache uses, and warns when Redis has no
 * password on a non-loopback host, when TLS is on without host name verification (Jedis
 * before 7.5.0 skips it), when the ACL user may not publish on the invalidation channel
 * ({@code acl-pubsub-default resetchannels}), when an eviction policy can evict
 * revocation marks ({@code volatile-*}, {@code allkeys-*}) and cache values are
 * unauthenticated (no secret, explicitly allowed), and says what the
 * {@code maxmemory-policy} means for cache entries and for revocation marks.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class RedisDeploymentReport {

	private static final Log logger = LogFactory.getLog(RedisDeploymentReport.class);

	private final RedisConnectionFactory connectionFactory;

	private final String channel;

	private final boolean separateRevocationRedis;

	private boolean unauthenticatedValues;

	private volatile Map<String, Object> report = Map.of();

	/**
	 * Create a report.
	 * @param connectionFactory the connection factory of the cache's Redis
	 * @param channel the invalidation channel
	 * @param separateRevocationRedis whether revocation marks live in a Redis of their
	 * own
	 */
	public RedisDeploymentReport(RedisConnectionFactory connectionFactory, String channel,
			boolean separateRevocationRedis) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		this.connectionFactory = connectionFactory;
		this.channel = channel;
		this.separateRevocationRedis = separateRevocationRedis;
	}

	/**
	 * Set whether cache values are stored without a secret
	 * ({@code authcache.cache.allow-unauthenticated-values}), which the report then warns
	 * about. Defaults to {@code false}.
	 * @param unauthenticatedValues whether values are unauthenticated
	 */
	public void setUnauthenticatedValues(boolean unauthenticatedValues) {
		this.unauthenticatedValues = unauthenticatedValues;
	}

	/**
	 * Inspect the deployment and log the report as one block.
	 */
	public void inspectAndLog() {
		Map<String, Object> report = inspect();
		this.report = report;
		StringBuilder block = new StringBuilder("authcache Redis deployment:");
		report.forEach((name, value) -> block.append("\n  ").append(name).append(": ").append(value));
		if (((List<?>) report.get("warnings")).isEmpty()) {
			logger.info(block);
		}
		else {
			logger.warn(block);
		}
	}

	/**
	 * Return the last report.
	 * @return the report, empty before the first inspection
	 */
	public Map<String, Object> getReport() {
		return this.report;
	}

	Map<String, Object> inspect() {
		Map<String, Object> report = new LinkedHashMap<>();
		List<String> warnings = new ArrayList<>();
		String jedisVersion = JedisVersion.read(RedisDeploymentReport.class.getClassLoader());
		report.put("client", client(jedisVersion));
		if (this.connectionFactory instanceof JedisConnectionFactory jedis) {
			String host = jedis.getHostName();
			report.put("host", host);
			report.put("ssl", jedis.isUseSsl());
			String password = jedis.getPassword();
			if (password != null && !password.isEmpty()) {
				report.put("authentication", "password");
			}
			else {
				report.put("authentication", "none");
				if (!isLoopback(host)) {
					warnings.add("Redis has no password on a non-loopback host (" + host
							+ "): anyone who reaches it can read and write cache entries and revocation marks");
				}
			}
			if (jedis.isUseSsl() && !JedisVersion.verifiesHostnames(jedisVersion)
					&& jedis.getClientConfiguration().getHostnameVerifier().isEmpty()) {
				warnings.add("TLS is on without host name verification: Jedis " + jedisVersion
						+ " verifies host names only from 7.5.0 (or with SslOptions FULL)");
			}
		}
		if (this.unauthenticatedValues) {
			warnings.add("authcache.cache.allow-unauthenticated-values is set and there is no authcache.cache.secret: "
					+ "whoever can write to Redis can store an entry that authenticates any credential as any user");
		}
		String policy = config("maxmemory-policy");
		report.put("maxmemory-policy", (policy != null) ? policy : "unknown (CONFIG GET refused)");
		report.put("meaning", meaning(policy));
		if (policy != null && (policy.startsWith("volatile") || policy.startsWith("allkeys"))
				&& !this.separateRevocationRedis) {
			warnings.add("maxmemory-policy " + policy + " can evict revocation marks and the JWT id blacklist, "
					+ "which brings revoked credentials back; set authcache.revocation.redis-url to a noeviction Redis");
		}
		String pubsubDefault = config("acl-pubsub-default");
		if ("resetchannels".equals(pubsubDefault) && !canPublish()) {
			warnings.add("The ACL user may not publish on " + this.channel
					+ " (acl-pubsub-default resetchannels): grant it &" + this.channel);
		}
		report.put("warnings", warnings);
		return report;
	}

	private String client(@Nullable String jedisVersion) {
		if (this.connectionFactory instanceof JedisConnectionFactory) {
			return "jedis " + ((jedisVersion != null) ? jedisVersion : "(version unknown)");
		}
		return this.connectionFactory.getClass().getName();
	}

	private static String meaning(@Nullable String policy) {
		if (policy == null) {
			return "unknown: check that revocation marks cannot be evicted";
		}
		return switch (policy) {
			case "noeviction" -> "at maxmemory, cache writes fail (lookups go to the identity provider) and "
					+ "revocations fail loudly; marks are never evicted";
			case "allkeys-lru", "allkeys-lfu",
					"allkeys-random" ->
				"entries and tag sets are evicted as memory fills; "
						+ "revocation marks can be evicted too unless authcache.revocation.redis-url points at a "
						+ "noeviction Redis";
			default -> "keys with a TTL (entries, marks, the JWT id blacklist) are evicted first";
		};
	}

	private @Nullable String config(String name) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Properties properties = connection.serverCommands().getConfig(name);
			return (properties != null) ? properties.getProperty(name) : null;
		}
		catch (DataAccessException | UnsupportedOperationException ex) {
			return null;
		}
	}

	private boolean canPublish() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			// ACL DRYRUN answers OK, or why the command would be refused
			Object answer = connection.execute("ACL", "DRYRUN".getBytes(), whoami(connection), "PUBLISH".getBytes(),
					this.channel.getBytes(), "probe".getBytes());
			return (answer instanceof byte[] bytes) && "OK".equals(new String(bytes));
		}
		catch (DataAccessException | UnsupportedOperationException ex) {
			return false;
		}
	}

	private static byte[] whoami(RedisConnection connection) {
		Object name = connection.execute("ACL", "WHOAMI".getBytes());
		return (name instanceof byte[] bytes) ? bytes : "default".getBytes();
	}

	private static boolean isLoopback(@Nullable String host) {
		if (host == null) {
			return true;
		}
		try {
			return InetAddress.getByName(host).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
