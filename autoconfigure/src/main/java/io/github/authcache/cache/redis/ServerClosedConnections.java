/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Pooled connections the server closed while they were idle. A Redis restart (or
 * {@code CLIENT KILL}, or the server's idle {@code timeout}) closes every connection a
 * pool holds, and each would fail the next command sent on it, one lookup after another,
 * until the pool's evictor finds them (every 30 s): after a restart, as many lookups as
 * the pool had idle connections would bypass the cache, enough to open the circuit. When
 * a command fails because the server had closed its connection, the pool's idle
 * connections are dropped (they were opened before that close) and the command can be
 * sent again on a new one.
 * <p>
 * A failure to connect, a timeout or an error reply is not such a failure: Redis is down,
 * hung or refusing, and sending again would only cost again.
 *
 * @author authcache authors
 */
final class ServerClosedConnections {

	private static final String END_OF_STREAM = "Unexpected end of stream";

	private ServerClosedConnections() {
	}

	/**
	 * Whether a command failed because the server had closed the connection it was sent
	 * on: the reply's stream ended, or the socket was reset or closed.
	 * @param ex the failure
	 * @return whether the connection was closed by the server
	 */
	static boolean isClosedByServer(JedisException ex) {
		if (!(ex instanceof JedisConnectionException)) {
			return false;
		}
		Throwable cause = ex.getCause();
		if (cause == null) {
			return ex.getMessage() != null && ex.getMessage().startsWith(END_OF_STREAM);
		}
		return cause instanceof SocketException && !(cause instanceof ConnectException)
				&& !(cause instanceof NoRouteToHostException);
	}

	/**
	 * Drop the idle connections of a client's pool, so that the next command opens a new
	 * connection.
	 * @param client the client
	 * @return whether the client has a pool of its own whose idle connections were
	 * dropped (a client that follows Sentinel replaces its pool on failover itself)
	 */
	static boolean dropIdle(UnifiedJedis client) {
		if (client instanceof RedisClient pooled) {
			pooled.getPool().clear();
			return true;
		}
		return false;
	}

}
