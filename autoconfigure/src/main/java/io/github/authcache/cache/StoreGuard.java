/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Runs calls to a store, for example through the circuit breaker that guards it, so that
 * a component outside the store decorators (such as the failed-authentication limiter)
 * shares the store's breaker: no call while it is open, and its failures count.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public interface StoreGuard {

	/**
	 * A guard that runs every call as it is.
	 */
	StoreGuard NONE = new StoreGuard() {

		@Override
		public <T> @Nullable T call(String operation, Supplier<@Nullable T> call) {
			return call.get();
		}

	};

	/**
	 * Run a call to the store.
	 * @param <T> the result type
	 * @param operation the command, for messages
	 * @param call the call, which throws {@link CacheStoreException} when the store fails
	 * @return the call's result
	 * @throws CacheStoreException when the store failed or the call was not attempted
	 */
	<T> @Nullable T call(String operation, Supplier<@Nullable T> call);

	/**
	 * Run a write the caller can do without, such as a failure counter's: a guard that
	 * knows the store failed a call and has not answered since does not attempt it, so
	 * that a request never waits for a store that just failed it. This default runs it as
	 * {@link #call}.
	 * @param <T> the result type
	 * @param operation the command, for messages
	 * @param call the call, which throws {@link CacheStoreException} when the store fails
	 * @return the call's result
	 * @throws CacheStoreException when the store failed or the call was not attempted
	 */
	default <T> @Nullable T writeIfAnswering(String operation, Supplier<@Nullable T> call) {
		return call(operation, call);
	}

}
