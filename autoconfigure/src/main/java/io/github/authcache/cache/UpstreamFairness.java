/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.authcache.credential.CredentialKind;
import io.github.authcache.metrics.AuthCacheMetrics;
import io.github.authcache.metrics.FairnessOutcome;

import org.springframework.util.Assert;

/**
 * Holds each client to a share of the upstream calls, so that a flood of uncached
 * credentials from one client never takes the upstream limit from the others: a client
 * has at most {@code maxShare} calls in flight at once, and a budget of
 * {@code maxColdLookups} calls per {@code window} (a token bucket, refilled evenly over
 * the window). A lookup over either gets a {@link ClientLimitExceededException} before
 * anything goes upstream. Only lookups that call the upstream are counted: a cached
 * credential, or a lookup that waits on another's call for the same credential, costs
 * nothing.
 * <p>
 * A client is its address; IPv6 addresses of one /64 network count as one client (a
 * single host often holds the whole network). Memory is bounded: calls in flight are
 * counted only while they are, and at most {@value #MAX_CLIENTS} budgets are kept, each
 * dropped after a window without a call (it would be full again by then). Everything is
 * in this process: no Redis call, a limit per instance as the upstream limit is.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see "docs/security.md"
 */
public final class UpstreamFairness {

	/**
	 * Most clients whose budget is kept at once; beyond, the least used are forgotten
	 * (their budget starts full again).
	 */
	static final int MAX_CLIENTS = 10_000;

	private static final Duration SHARE_RETRY_AFTER = Duration.ofSeconds(1);

	private final int maxShare;

	private final int maxColdLookups;

	private final Duration window;

	private final ConcurrentMap<String, Integer> inFlight = new ConcurrentHashMap<>();

	private final Cache<String, Budget> budgets;

	/**
	 * Create a fairness rule.
	 * @param maxShare the upstream calls one client may have in flight at once
	 * @param maxColdLookups the upstream calls one client may make per window
	 * @param window the window the budget is refilled over
	 */
	public UpstreamFairness(int maxShare, int maxColdLookups, Duration window) {
		Assert.isTrue(maxShare > 0, "'maxShare' must be positive");
		Assert.isTrue(maxColdLookups > 0, "'maxColdLookups' must be positive");
		Assert.isTrue(!window.isNegative() && !window.isZero(), "'window' must be positive");
		this.maxShare = maxShare;
		this.maxColdLookups = maxColdLookups;
		this.window = window;
		this.budgets = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(window).build();
	}

	/**
	 * Admit the upstream call of a lookup, or refuse it.
	 * @param lookup the lookup
	 * @param metrics the metrics to record the outcome with
	 * @return the permit to close when the call ends ({@link Permit#NONE} for a lookup of
	 * no client)
	 * @throws ClientLimitExceededException when the lookup's client is over its share or
	 * its budget
	 */
	Permit admit(Lookup lookup, AuthCacheMetrics metrics) {
		String address = lookup.client();
		if (address == null) {
			return Permit.NONE;
		}
		CredentialKind kind = lookup.credential().kind();
		String client = clientOf(address);
		if (this.inFlight.merge(client, 1, Integer::sum) > this.maxShare) {
			release(client);
			metrics.upstreamFairness(kind, FairnessOutcome.OVER_SHARE);
			throw new ClientLimitExceededException("Too many calls to the identity provider at once from this client",
					SHARE_RETRY_AFTER);
		}
		long now = lookup.now().toEpochMilli();
		long wait = this.budgets.get(client, (key) -> new Budget(this.maxColdLookups, this.window.toMillis(), now))
			.take(now);
		if (wait > 0) {
			release(client);
			metrics.upstreamFairness(kind, FairnessOutcome.OVER_BUDGET);
			throw new ClientLimitExceededException("Too many cold lookups from this client",
					Duration.ofSeconds(Math.max(1, (wait + 999) / 1000)));
		}
		metrics.upstreamFairness(kind, FairnessOutcome.ADMITTED);
		return () -> release(client);
	}

	private void release(String client) {
		this.inFlight.computeIfPresent(client, (key, count) -> (count > 1) ? count - 1 : null);
	}

	/**
	 * Return the client an address belongs to: the address itself, or for IPv6 its /64
	 * network.
	 * @param address the address, as the servlet container reports it
	 * @return the client
	 */
	static String clientOf(String address) {
		if (address.indexOf(':') < 0) {
			return address;
		}
		try {
			// An IPv6 literal: parsed, never resolved
			byte[] bytes = InetAddress.getByName(address).getAddress();
			return (bytes.length == 16) ? HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "::/64" : address;
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	/**
	 * The right to one upstream call of a client, given back when closed.
	 */
	@FunctionalInterface
	interface Permit extends AutoCloseable {

		/**
		 * A permit of a lookup without a client: nothing to give back.
		 */
		Permit NONE = () -> {
		};

		@Override
		void close();

	}

	/**
	 * One client's budget: a token bucket of {@code capacity} tokens, refilled evenly
	 * over the window.
	 */
	private static final class Budget {

		private final int capacity;

		private final long windowMillis;

		private double tokens;

		private long refilledAt;

		Budget(int capacity, long windowMillis, long now) {
			this.capacity = capacity;
			this.windowMillis = windowMillis;
			this.tokens = capacity;
			this.refilledAt = now;
		}

		/**
		 * Take a token.
		 * @param now the time in milliseconds
		 * @return 0 when a token was taken, else how many milliseconds until one is there
		 */
		synchronized long take(long now) {
			if (now > this.refilledAt) {
				this.tokens = Math.min(this.capacity,
						this.tokens + (now - this.refilledAt) * (double) this.capacity / this.windowMillis);
				this.refilledAt = now;
			}
			if (this.tokens >= 1) {
				this.tokens--;
				return 0;
			}
			return (long) Math.ceil((1 - this.tokens) * this.windowMillis / this.capacity);
		}

	}

}
