/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.authcache.cache.AuthCacheStore;
import io.github.authcache.cache.CacheKeys;
import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.CredentialCache;
import io.github.authcache.cache.Invalidation;
import io.github.authcache.cache.RefreshRevocationListener;
import io.github.authcache.cache.Revocations;
import io.github.authcache.credential.Credential;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

/**
 * Drops cached verdicts so that, once a call returns, no request on any instance is
 * authenticated with what was revoked, including lookups that were in flight at the time.
 * Each call first writes a revocation mark (see {@link Revocations}), then deletes the
 * entries it can find, then tells the other instances and publishes an
 * {@link AuthCacheInvalidatedEvent}. With near caches, a call returns when every running
 * instance has applied it or after the broadcaster's deadline, whichever is first, and
 * says how many instances acknowledged it; an instance that had not applied it by then
 * does not answer from its near cache until it has caught up (see
 * {@link InvalidationBroadcaster}).
 * <p>
 * A call whose mark cannot be written (Redis down or hung, out of memory under
 * {@code noeviction}) still applies it in this process at once, and the mark waits in a
 * bounded queue until {@link #writePending()} writes and announces it (the
 * auto-configuration retries in the background, with backoff). The call then throws
 * {@link RevocationPendingException}: it never reports a durable revocation it did not
 * achieve. Meanwhile other instances distrust what they cached before Redis failed (see
 * {@link io.github.authcache.cache.StoreEpoch}), so a credential revoked during the
 * failure is looked up again there. Deleting entries is best-effort, and not tried once a
 * mark could not be written (it would wait for the same failing Redis again); the mark
 * alone already keeps them from being used.
 * <p>
 * This drops what the cache holds; it does not revoke anything at the identity provider.
 * A credential that is still valid there is looked up again on its next use.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheInvalidator {

	private static final Log logger = LogFactory.getLog(AuthCacheInvalidator.class);

	private final CredentialCache cache;

	private final AuthCacheStore store;

	private final CacheKeys keys;

	private final Revocations revocations;

	private InvalidationBroadcaster broadcaster = InvalidationBroadcaster.NONE;

	private ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private Clock clock = Clock.systemUTC();

	/**
	 * Create an invalidator.
	 * @param cache the credential cache
	 * @param store the entry store
	 * @param keys the key derivation
	 * @param revocations the revocation marks
	 */
	public AuthCacheInvalidator(CredentialCache cache, AuthCacheStore store, CacheKeys keys, Revocations revocations) {
		Assert.notNull(cache, "'cache' must not be null");
		Assert.notNull(store, "'store' must not be null");
		Assert.notNull(keys, "'keys' must not be null");
		Assert.notNull(revocations, "'revocations' must not be null");
		this.cache = cache;
		this.store = store;
		this.keys = keys;
		this.revocations = revocations;
	}

	/**
	 * Set how other instances are told. Defaults to {@link InvalidationBroadcaster#NONE}.
	 * @param broadcaster the broadcaster
	 */
	public void setBroadcaster(InvalidationBroadcaster broadcaster) {
		Assert.notNull(broadcaster, "'broadcaster' must not be null");
		this.broadcaster = broadcaster;
	}

	/**
	 * Set where {@link AuthCacheInvalidatedEvent}s are published. Defaults to nowhere.
	 * @param eventPublisher the publisher
	 */
	public void setEventPublisher(ApplicationEventPublisher eventPublisher) {
		Assert.notNull(eventPublisher, "'eventPublisher' must not be null");
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Set the clock. Defaults to the UTC system clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	/**
	 * Drop every cached verdict on one credential.
	 * @param credential the credential
	 * @return how many instances acknowledged the invalidation
	 * @throws RevocationPendingException when the revocation holds on this instance only
	 * until Redis answers
	 */
	public Acknowledgements invalidateCredential(Credential credential) {
		Instant now = this.clock.instant();
		List<String> entryKeys = this.cache.entryKeys(credential);
		List<Invalidation> invalidations = new ArrayList<>(entryKeys.size());
		CacheStoreException failure = null;
		for (String entryKey : entryKeys) {
			try {
				invalidations.add(this.revocations.revokeCredential(entryKey, now));
			}
			catch (CacheStoreException ex) {
				failure = ex;
			}
		}
		if (failure == null) {
			deleteQuietly(entryKeys);
		}
		Acknowledgements acknowledgements = invalidations.stream()
			.map(this::announce)
			.reduce(Acknowledgements::and)
			.orElse(Acknowledgements.NONE);
		if (failure != null) {
			throw pending(failure);
		}
		return acknowledgements;
	}

	/**
	 * Revoke a credential that the cache itself found inactive when it re-checked it in
	 * the background (refresh-ahead, see {@link RefreshRevocationListener}): its negative
	 * entry is already stored and is kept. This writes its revocation mark, so that no
	 * answer fetched before then is used, and tells the other instances, whose near
	 * caches drop their copies.
	 * @param entryKey the credential's entry key
	 * @param at when the identity provider answered
	 * @return how many instances acknowledged the invalidation
	 * @throws RevocationPendingException when the revocation holds on this instance only
	 * until Redis answers
	 */
	public Acknowledgements invalidateFoundInactive(String entryKey, Instant at) {
		Assert.hasText(entryKey, "'entryKey' must not be empty");
		Assert.notNull(at, "'at' must not be null");
		return announce(mark(() -> this.revocations.revokeCredential(entryKey, at)));
	}

	/**
	 * Drop every cached verdict on the credentials of one session.
	 * @param sessionId the session id (a Kratos session id, or the {@code sid} of a
	 * token)
	 * @return how many instances acknowledged the invalidation
	 * @throws RevocationPendingException when the revocation holds on this instance only
	 * until Redis answers
	 */
	public Acknowledgements invalidateSession(String sessionId) {
		Assert.hasText(sessionId, "'sessionId' must not be empty");
		Invalidation invalidation = mark(() -> this.revocations.revokeSession(sessionId, this.clock.instant()));
		deleteTagged(this.keys.sessionKey(sessionId));
		return announce(invalidation);
	}

	/**
	 * Drop every cached verdict on the credentials of one user. This holds even when the
	 * user's tag set was evicted: the user's revocation mark is checked on every use of
	 * an entry.
	 * @param userId the user id (the Kratos identity id, or the token's {@code sub})
	 * @return how many instances acknowledged the invalidation
	 * @throws RevocationPendingException when the revocation holds on this instance only
	 * until Redis answers
	 */
	public Acknowledgements invalidateUser(String userId) {
		Assert.hasText(userId, "'userId' must not be empty");
		Invalidation invalidation = mark(() -> this.revocations.revokeUser(userId, this.clock.instant()));
		deleteTagged(this.keys.userKey(userId));
		return announce(invalidation);
	}

	/**
	 * Revoke a JWT by issuer and JWT id until it expires: keyed on those claims, never on
	 * a hash of the token, and checked on every request, cache hits included.
	 * @param issuer the token's issuer ({@code iss})
	 * @param jti the token's JWT id
	 * @param expiresAt the token's expiry ({@code exp}): the mark is kept until then
	 * @return how many instances acknowledged the invalidation
	 * @throws RevocationPendingException when the revocation holds on this instance only
	 * until Redis answers
	 */
	public Acknowledgements revokeJti(String issuer, String jti, Instant expiresAt) {
		Assert.notNull(issuer, "'issuer' must not be null");
		Assert.hasText(jti, "'jti' must not be empty");
		Assert.notNull(expiresAt, "'expiresAt' must not be null");
		return announce(mark(() -> this.revocations.revokeJti(issuer, jti, expiresAt)));
	}

	/**
	 * Raise an issuer's not-before watermark (a Keycloak realm's "not before" revocation
	 * policy): every token of that issuer issued before it is refused, on every instance,
	 * cache hits included. Never lowered (see {@link Revocations#revokeNotBefore}).
	 * @param issuer the issuer ({@code iss}) of the tokens
	 * @param notBefore the watermark
	 * @return how many instances acknowledged the invalidation
	 * @throws RevocationPendingException when the revocation holds on this instance only
	 * until Redis answers
	 */
	public Acknowledgements revokeNotBefore(String issuer, Instant notBefore) {
		Assert.hasText(issuer, "'issuer' must not be empty");
		Assert.notNull(notBefore, "'notBefore' must not be null");
		return announce(mark(() -> this.revocations.revokeNotBefore(issuer, notBefore)));
	}

	/**
	 * Write the revocation marks that Redis did not take when they were made, and
	 * announce them; the auto-configuration calls this in the background.
	 * @return whether marks still wait for Redis
	 */
	public boolean writePending() {
		this.revocations.writePending().forEach(this::announce);
		return pendingCount() > 0;
	}

	/**
	 * Return how many revocation marks wait for Redis: the revocations that hold on this
	 * instance only.
	 * @return the number of pending marks
	 */
	public int pendingCount() {
		return this.revocations.pendingCount();
	}

	/**
	 * Return how long to wait before calling {@link #writePending()} again (see
	 * {@link Revocations#pendingRetryDelay()}).
	 * @return the delay before the next attempt
	 */
	public Duration pendingRetryDelay() {
		return this.revocations.pendingRetryDelay();
	}

	private Invalidation mark(MarkWrite write) {
		try {
			return write.run();
		}
		catch (CacheStoreException ex) {
			throw pending(ex);
		}
	}

	private RevocationPendingException pending(CacheStoreException ex) {
		logger.warn("A revocation mark could not be written to Redis (" + ex.getMessage()
				+ "); it holds on this instance now and is written when Redis answers");
		return new RevocationPendingException(
				"The revocation holds on this instance; it is written to Redis and announced when Redis answers", ex);
	}

	private void deleteTagged(String tagKey) {
		try {
			Set<String> entryKeys = this.store.members(tagKey);
			List<String> keys = new ArrayList<>(entryKeys);
			keys.add(tagKey);
			this.store.delete(keys);
		}
		catch (CacheStoreException ex) {
			logger.debug("Could not delete tagged entries; the revocation mark keeps them from being used", ex);
		}
	}

	private void deleteQuietly(List<String> entryKeys) {
		try {
			this.store.delete(entryKeys);
		}
		catch (CacheStoreException ex) {
			logger.debug("Could not delete entries; the revocation mark keeps them from being used", ex);
		}
	}

	private Acknowledgements announce(Invalidation invalidation) {
		Acknowledgements acknowledgements = this.broadcaster.broadcast(invalidation);
		this.eventPublisher.publishEvent(new AuthCacheInvalidatedEvent(invalidation));
		return acknowledgements;
	}

	@FunctionalInterface
	private interface MarkWrite {

		Invalidation run();

	}

}
