/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs one load per key at a time in this process: callers that ask for a key while a
 * load for it is under way wait for that load and share its result or its exception.
 * Nothing is kept after the load ends, so an exception is never remembered.
 *
 * @param <V> the value type
 * @author authcache authors
 */
final class SingleFlight<V> {

	private final ConcurrentMap<String, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

	/**
	 * Return the result of the load for the key, running it unless one is under way.
	 * @param key the key
	 * @param loader the load
	 * @return the load's result
	 */
	V execute(String key, Supplier<V> loader) {
		CompletableFuture<V> created = new CompletableFuture<>();
		CompletableFuture<V> existing = this.inFlight.putIfAbsent(key, created);
		if (existing != null) {
			return await(existing);
		}
		try {
			V value = loader.get();
			created.complete(value);
			return value;
		}
		catch (RuntimeException | Error ex) {
			created.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(key, created);
		}
	}

	/**
	 * Return how many loads are under way.
	 * @return the number of keys being loaded
	 */
	int size() {
		return this.inFlight.size();
	}

	private static <V> V await(CompletableFuture<V> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CancellationException("Interrupted while waiting for a lookup of the same credential");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

}
