/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;

import io.github.authcache.credential.Credential;
import io.github.authcache.resolver.IdentityResolver;
import org.jspecify.annotations.Nullable;

/**
 * One lookup of a credential: what is looked up, when, by whom, for which client, and
 * what the lookup found on its way through the tiers. Once one of its store calls fails,
 * the lookup makes no other: each would cost another command timeout while the store
 * hangs, and the circuit breaker opens on the failures of all lookups anyway. Confined to
 * the lookup's thread (a lookup that waits on another's upstream call shares its answer,
 * not its store calls).
 *
 * @author authcache authors
 */
final class Lookup {

	private final IdentityResolver resolver;

	private final Credential credential;

	private final String key;

	private final Instant now;

	private final @Nullable Duration maxAge;

	private final StoreHealth storeHealth;

	private final @Nullable String client;

	private boolean storeFailed;

	private @Nullable CacheEntry entry;

	private @Nullable CacheEntry stale;

	Lookup(IdentityResolver resolver, Credential credential, String key, Instant now, @Nullable Duration maxAge,
			StoreHealth storeHealth) {
		this(resolver, credential, key, now, maxAge, storeHealth, null);
	}

	Lookup(IdentityResolver resolver, Credential credential, String key, Instant now, @Nullable Duration maxAge,
			StoreHealth storeHealth, @Nullable String client) {
		this.resolver = resolver;
		this.credential = credential;
		this.key = key;
		this.now = now;
		this.maxAge = maxAge;
		this.storeHealth = storeHealth;
		this.client = client;
	}

	/**
	 * Return a lookup of the same credential at a later time, for any entry within its
	 * TTL, with a store call history of its own: the background refresh of this lookup's
	 * entry.
	 * @param later when the refresh starts
	 * @return the refresh's lookup
	 */
	Lookup refreshAt(Instant later) {
		return new Lookup(this.resolver, this.credential, this.key, later, null, this.storeHealth);
	}

	IdentityResolver resolver() {
		return this.resolver;
	}

	Credential credential() {
		return this.credential;
	}

	/**
	 * Return the credential's entry key.
	 * @return the entry key
	 */
	String key() {
		return this.key;
	}

	/**
	 * Return when the lookup started, before any store was read.
	 * @return the time of the lookup
	 */
	Instant now() {
		return this.now;
	}

	/**
	 * Return the oldest entry the caller accepts.
	 * @return the maximum age, or {@code null} for any entry within its TTL
	 */
	@Nullable Duration maxAge() {
		return this.maxAge;
	}

	/**
	 * Return the address of the client the lookup is for, held to its share of the
	 * upstream calls ({@link UpstreamFairness}).
	 * @return the client address, or {@code null} for a lookup of no client (a call of
	 * the application's own)
	 */
	@Nullable String client() {
		return this.client;
	}

	/**
	 * Whether an entry was fetched longer ago than the caller accepts.
	 * @param entry the entry
	 * @return whether it is too old for this lookup
	 */
	boolean isTooOld(CacheEntry entry) {
		return this.maxAge != null && entry.fetchedAt().plus(this.maxAge).isBefore(this.now);
	}

	/**
	 * Whether a store call of this lookup failed: it makes no other.
	 * @return whether the store failed
	 */
	boolean storeFailed() {
		return this.storeFailed;
	}

	/**
	 * Record that a store call failed.
	 * @param ex the failure
	 */
	void storeFailed(CacheStoreException ex) {
		this.storeFailed = true;
		this.storeHealth.failed(ex);
	}

	/**
	 * Record that a store call succeeded.
	 */
	void storeSucceeded() {
		this.storeHealth.succeeded();
	}

	/**
	 * Return the entry the cache tiers found, once an {@link EntryJudge} judged it.
	 * @return the entry, or {@code null} when none was found
	 */
	@Nullable CacheEntry entry() {
		return this.entry;
	}

	void found(@Nullable CacheEntry entry) {
		this.entry = entry;
	}

	/**
	 * Return the entry past its TTL the store held, kept in case the upstream gives no
	 * verdict (stale-if-error).
	 * @return the entry, or {@code null} when there is none or the caller wants a younger
	 * one
	 */
	@Nullable CacheEntry stale() {
		return this.stale;
	}

	void foundStale(CacheEntry stale) {
		this.stale = stale;
	}

}
