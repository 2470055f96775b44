/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.topology;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.RevocationStore;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps the auto-configured {@link AuthCacheStore} and {@link RevocationStore} so a test
 * sees every store call that failed: the cache swallows such failures (it falls back to
 * the upstream), so a {@code CROSSSLOT} error would otherwise only cost speed.
 *
 * @author authcache authors
 */
final class StoreCallRecorder implements BeanPostProcessor {

	private final AtomicLong calls = new AtomicLong();

	private final Map<String, AtomicLong> callsByMethod = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AuthCacheStore) {
			return record(bean, AuthCacheStore.class);
		}
		if (bean instanceof RevocationStore) {
			return record(bean, RevocationStore.class);
		}
		return bean;
	}

	private Object record(Object target, Class<?> type) {
		InvocationHandler handler = (proxy, method, arguments) -> {
			if (method.getDeclaringClass() == Object.class) {
				return method.invoke(target, arguments);
			}
			this.calls.incrementAndGet();
			this.callsByMethod
				.computeIfAbsent(type.getSimpleName() + "." + method.getName(), (name) -> new AtomicLong())
				.incrementAndGet();
			try {
				return method.invoke(target, arguments);
			}
			catch (InvocationTargetException ex) {
				Throwable failure = ex.getTargetException();
				this.failures.add(type.getSimpleName() + "." + method.getName() + ": " + describe(failure));
				throw failure;
			}
		};
		return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler);
	}

	private static String describe(Throwable failure) {
		StringBuilder description = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (!description.isEmpty()) {
				description.append(" <- ");
			}
			description.append(cause.getClass().getName()).append(": ").append(cause.getMessage());
			if (cause.getCause() == cause) {
				break;
			}
		}
		return description.toString();
	}

	/**
	 * Return how many store calls were made.
	 * @return the number of calls
	 */
	long calls() {
		return this.calls.get();
	}

	/**
	 * Return how many calls of one store method were made.
	 * @param method the store type's simple name and the method, such as
	 * {@code "AuthCacheStore.get"}
	 * @return the number of calls
	 */
	long calls(String method) {
		AtomicLong calls = this.callsByMethod.get(method);
		return (calls != null) ? calls.get() : 0;
	}

	/**
	 * Forget the calls counted per method so far.
	 */
	void resetCalls() {
		this.callsByMethod.clear();
	}

	/**
	 * Return every failed store call, with its exception chain.
	 * @return the failures
	 */
	List<String> failures() {
		return List.copyOf(this.failures);
	}

	/**
	 * Forget the failures recorded so far.
	 */
	void clear() {
		this.failures.clear();
	}

}
