/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.actuate;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.authcache.cache.CacheKeys;
import io.github.authcache.credential.CredentialKind;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisException;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;

/**
 * Counts the cache entries of each kind in Redis with a bounded number of {@code SCAN}
 * calls (never {@code KEYS}), so that a {@code GET} of the endpoint costs the same on a
 * cache of a thousand entries and on one of ten million. Each kind gets at most
 * {@value #SCAN_CALLS} {@code SCAN} calls of {@code COUNT} {@value #SCAN_COUNT}; when the
 * scan of every kind reached its end, the counts are exact ({@code complete:
 * true}), otherwise they are lower bounds ({@code complete: false}). Totals of a large
 * cache belong in metrics ({@code authcache.lookups}) and Redis's own
 * {@code INFO keyspace}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class EntryCounter {

	/**
	 * Most {@code SCAN} calls per kind and report.
	 */
	static final int SCAN_CALLS = 5;

	/**
	 * {@code COUNT} hint of each {@code SCAN} call.
	 */
	static final int SCAN_COUNT = 1000;

	private final RedisConnectionFactory connectionFactory;

	private final CacheKeys keys;

	private final int scanCalls;

	/**
	 * Create a counter.
	 * @param connectionFactory the connection factory of the cache's Redis
	 * @param keys the key derivation
	 */
	public EntryCounter(RedisConnectionFactory connectionFactory, CacheKeys keys) {
		this(connectionFactory, keys, SCAN_CALLS);
	}

	EntryCounter(RedisConnectionFactory connectionFactory, CacheKeys keys, int scanCalls) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		Assert.notNull(keys, "'keys' must not be null");
		this.connectionFactory = connectionFactory;
		this.keys = keys;
		this.scanCalls = scanCalls;
	}

	/**
	 * Count the entries of every kind.
	 * @return the count by kind ({@code session}, {@code token}) and whether the counts
	 * are exact ({@code complete}), or {@code null} when Redis cannot be scanned (down,
	 * or a cluster)
	 */
	public @Nullable Map<String, Object> count() {
		Map<String, Object> entries = new LinkedHashMap<>();
		boolean complete = true;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			for (CredentialKind kind : CredentialKind.values()) {
				Scan scan = scan(connection, this.keys.entryKeyPrefix(kind) + "*");
				entries.put(kind.tagValue(), scan.count());
				complete &= scan.complete();
			}
		}
		catch (DataAccessException | JedisException | UnsupportedOperationException | IllegalStateException ex) {
			// A SCAN cursor's failures are Jedis's own: Spring Data does not translate
			// them
			return null;
		}
		entries.put("complete", complete);
		return entries;
	}

	private Scan scan(RedisConnection connection, String pattern) {
		byte[] cursor = "0".getBytes(StandardCharsets.US_ASCII);
		long count = 0;
		for (int call = 0; call < this.scanCalls; call++) {
			Object reply = connection.execute("SCAN", cursor, bytes("MATCH"), bytes(pattern), bytes("COUNT"),
					bytes(Integer.toString(SCAN_COUNT)));
			Assert.state(reply instanceof List<?> parts && parts.size() == 2 && parts.get(0) instanceof byte[]
					&& parts.get(1) instanceof List<?>, "Unexpected SCAN reply");
			List<?> parts = (List<?>) reply;
			cursor = (byte[]) parts.get(0);
			count += ((List<?>) parts.get(1)).size();
			if ("0".equals(new String(cursor, StandardCharsets.US_ASCII))) {
				return new Scan(count, true);
			}
		}
		return new Scan(count, false);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private record Scan(long count, boolean complete) {
	}

}
