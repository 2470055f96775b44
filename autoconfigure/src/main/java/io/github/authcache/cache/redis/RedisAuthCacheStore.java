/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.EntryRead;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.exceptions.JedisException;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * {@link AuthCacheStore} in Redis, through Spring Data Redis (Jedis, configured by
 * {@code spring.data.redis.*}). Every write touches one key, so the store works unchanged
 * on standalone Redis, Sentinel and Cluster.
 * <p>
 * The reads of a hit ({@link #get}, {@link #getWithMarks}) return the bytes Redis
 * returned and, on standalone Redis and Sentinel, are sent on the Jedis client Spring
 * Data shares between its connections ({@link SharedJedisClient}): the same pool, without
 * Spring Data's per-call connection wrapper. {@link #getWithMarks} reads the entry and
 * its marks with one {@code MGET}: one command, one round trip, and Redis reads all its
 * keys at once, so no mark can be read before the entry. On a cluster the entry and its
 * marks live in different slots: they are read with one pipeline per node on the calling
 * thread, every node's sent before any reply is read ({@link ClusterReads}), so a hit
 * costs about one round trip; the marks on other nodes may then be read before the entry,
 * and the read says so ({@link EntryRead#ordered()}). A read on the shared client that
 * meets a connection the server closed while it was idle (Redis restarted) is sent once
 * more on a new one ({@link ServerClosedConnections}). A failed command throws
 * {@link CacheStoreException}, classified from the Jedis exception as when it comes
 * through Spring Data.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class RedisAuthCacheStore implements AuthCacheStore {

	private static final RedisScript<Long> TAG_SCRIPT = RedisScript.of("""
			redis.call('SADD', KEYS[1], ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return 1
			""", Long.class);

	private static final String MGET_WITH_MARKS = "MGET of an entry and its revocation marks";

	private final StringRedisTemplate redis;

	private final SharedJedisClient client;

	/**
	 * Create a store on the given template.
	 * @param redis the template
	 */
	public RedisAuthCacheStore(StringRedisTemplate redis) {
		Assert.notNull(redis, "'redis' must not be null");
		this.redis = redis;
		this.client = new SharedJedisClient(redis.getRequiredConnectionFactory());
	}

	@Override
	public @Nullable Object server() {
		return this.redis.getConnectionFactory();
	}

	@Override
	public byte @Nullable [] get(String key) {
		byte[] rawKey = RedisStrings.raw(key);
		UnifiedJedis client = this.client.get();
		if (client == null) {
			return call("GET", () -> this.redis
				.execute((RedisCallback<byte[]>) (connection) -> connection.stringCommands().get(rawKey)));
		}
		return read(client, "GET", new CommandObject<>(arguments(Protocol.Command.GET, rawKey), BuilderFactory.BINARY));
	}

	@Override
	public EntryRead getWithMarks(String key, List<String> markKeys) {
		byte[][] keys = new byte[markKeys.size() + 1][];
		keys[0] = RedisStrings.raw(key);
		for (int i = 1; i < keys.length; i++) {
			keys[i] = RedisStrings.raw(markKeys.get(i - 1));
		}
		UnifiedJedis client = this.client.get();
		if (client == null) {
			EntryRead read = call(MGET_WITH_MARKS, () -> this.redis
				.execute((RedisCallback<EntryRead>) (connection) -> read(connection, markKeys, keys)));
			return (read != null) ? read : EntryRead.valueOnly(null);
		}
		return entryRead(
				read(client, MGET_WITH_MARKS,
						new CommandObject<>(arguments(Protocol.Command.MGET, keys), BuilderFactory.BINARY_LIST)),
				markKeys, true);
	}

	private static EntryRead read(RedisConnection connection, List<String> markKeys, byte[][] keys) {
		if (connection instanceof RedisClusterConnection cluster) {
			ClusterReads.Replies replies = ClusterReads.get(cluster, keys, OverlappedReads.NOTHING);
			return entryRead(replies.values(), markKeys, replies.nodes() == 1);
		}
		return entryRead(connection.stringCommands().mGet(keys), markKeys, true);
	}

	private static EntryRead entryRead(@Nullable List<byte @Nullable []> values, List<String> markKeys,
			boolean ordered) {
		if (values == null) {
			return EntryRead.valueOnly(null);
		}
		return new EntryRead(values.get(0), markKeys, RedisStrings.strings(values.subList(1, values.size())), ordered);
	}

	/**
	 * Return the arguments of a command on keys, taken as they are: Jedis's own binary
	 * commands copy every key.
	 * @param command the command
	 * @param keys the keys
	 * @return the arguments
	 */
	private static CommandArguments arguments(Protocol.Command command, byte[]... keys) {
		CommandArguments arguments = new CommandArguments(command);
		for (byte[] key : keys) {
			arguments.add((Rawable) () -> key);
		}
		return arguments;
	}

	/**
	 * Send a read on the shared client. A read that failed because the server had closed
	 * its pooled connection (Redis restarted) is sent once more, on a new connection
	 * ({@link ServerClosedConnections}).
	 * @param <T> the type of the reply
	 * @param client the shared client
	 * @param command the command, for the failure's message
	 * @param read the read
	 * @return the reply
	 */
	private <T> T read(UnifiedJedis client, String command, CommandObject<T> read) {
		try {
			return client.executeCommand(read);
		}
		catch (JedisException ex) {
			if (!ServerClosedConnections.isClosedByServer(ex) || !ServerClosedConnections.dropIdle(client)) {
				throw failed(command, ex);
			}
		}
		try {
			return client.executeCommand(read);
		}
		catch (JedisException ex) {
			throw failed(command, ex);
		}
	}

	/**
	 * Report a command on the shared client that failed, and have the client looked up
	 * again for the next one.
	 * @param command the command
	 * @param ex the failure
	 * @return the exception to throw
	 */
	private CacheStoreException failed(String command, JedisException ex) {
		this.client.forget();
		return new CacheStoreException("Redis " + command + " failed", ex);
	}

	@Override
	public void put(String key, String value, Duration ttl) {
		call("SET", () -> {
			this.redis.opsForValue().set(key, value, ttl);
			return null;
		});
	}

	@Override
	public void tag(String tagKey, String entryKey, Duration ttl) {
		call("SADD", () -> this.redis.execute(TAG_SCRIPT, List.of(tagKey), entryKey, String.valueOf(ttl.toMillis())));
	}

	@Override
	public Set<String> members(String tagKey) {
		Set<String> members = call("SMEMBERS", () -> this.redis.opsForSet().members(tagKey));
		return (members != null) ? members : Set.of();
	}

	@Override
	public void delete(Collection<String> keys) {
		if (!keys.isEmpty()) {
			call("DEL", () -> this.redis.delete(keys));
		}
	}

	private <T> @Nullable T call(String command, Supplier<@Nullable T> action) {
		try {
			return action.get();
		}
		catch (DataAccessException ex) {
			throw new CacheStoreException("Redis " + command + " failed", ex);
		}
	}

}
