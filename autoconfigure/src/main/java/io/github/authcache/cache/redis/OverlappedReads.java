/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache.redis;

import java.util.ArrayList;
import java.util.List;

import io.github.authcache.cache.EntryRead;
import redis.clients.jedis.Connection;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Reads sent on one or more Redis connections before any reply is read, so that the
 * servers work on them at the same time and all of them cost about one round trip, not
 * one per connection; the replies are read on the calling thread, no thread is started.
 * Each connection's commands leave as soon as {@link #flush()} is called; the replies are
 * read by {@link #replies(Runnable)}, connection after connection, after something else
 * ran meanwhile (a read on another server, say).
 * <p>
 * Nothing orders the servers' work: a command sent later on one connection may run before
 * a command sent earlier on another. Callers that need an order must not take it from the
 * order of sending (see {@link EntryRead#ordered()}).
 * <p>
 * A connection whose replies were not all read when the reads are closed (a failure while
 * sending, or on another connection) is marked broken, so its pool discards it instead of
 * handing a later caller the replies meant for these reads.
 *
 * @author authcache authors
 */
final class OverlappedReads implements AutoCloseable {

	/**
	 * Nothing to run while the replies travel.
	 */
	static final Runnable NOTHING = () -> {
	};

	private final List<Sent> sent = new ArrayList<>(3);

	private int repliesRead;

	/**
	 * Start sending on a connection: the next commands go to it.
	 * @param connection the connection
	 * @param borrowed whether the connection was taken from its pool for these reads, so
	 * that closing them gives it back
	 */
	void open(Connection connection, boolean borrowed) {
		this.sent.add(new Sent(connection, borrowed));
	}

	/**
	 * Send a command on the connection opened last, without flushing it.
	 * @param command the command
	 * @param arguments its arguments
	 */
	void send(ProtocolCommand command, byte[]... arguments) {
		Sent current = this.sent.get(this.sent.size() - 1);
		current.connection.sendCommand(command, arguments);
		current.commands++;
	}

	/**
	 * Flush the commands sent on the connection opened last: the server starts on them
	 * now, while the caller goes on.
	 */
	void flush() {
		// Reading no reply flushes the output (Connection.flush() is not public)
		this.sent.get(this.sent.size() - 1).connection.getMany(0);
	}

	/**
	 * Run something while the commands travel, then read every connection's replies. The
	 * replies are read even when {@code meanwhile} fails.
	 * @param meanwhile what to run before reading
	 * @return per connection, in the order they were opened, the replies of its commands
	 * (an error reply as an exception object)
	 */
	List<List<Object>> replies(Runnable meanwhile) {
		List<List<Object>> replies = new ArrayList<>(this.sent.size());
		try {
			meanwhile.run();
		}
		finally {
			for (Sent current : this.sent) {
				replies.add(current.connection.getMany(current.commands));
				this.repliesRead++;
			}
		}
		return replies;
	}

	/**
	 * Return how many connections' replies were read: while the replies are read, the
	 * position of the connection being read.
	 * @return the number of connections read
	 */
	int repliesRead() {
		return this.repliesRead;
	}

	@Override
	public void close() {
		for (int i = 0; i < this.sent.size(); i++) {
			Sent current = this.sent.get(i);
			if (i >= this.repliesRead && current.commands > 0) {
				current.connection.setBroken();
			}
			if (current.borrowed) {
				current.connection.close();
			}
		}
	}

	private static final class Sent {

		private final Connection connection;

		private final boolean borrowed;

		private int commands;

		Sent(Connection connection, boolean borrowed) {
			this.connection = connection;
			this.borrowed = borrowed;
		}

	}

}
