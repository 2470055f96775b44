/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.github.authcache.cache.IgnoredMarks.Reason;
import io.github.authcache.resolver.Identity;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Revocation marks, and the check every answer passes before it authenticates anyone.
 * <p>
 * Revoking writes a mark ("revoked at T") keyed on the credential's entry, the session,
 * the user, or the JWT's issuer and id, in the {@link RevocationStore}, and in a table in
 * this process. An answer that was fetched from the upstream before a mark on its
 * credential, session or user is <em>stale</em>: a lookup that was in flight when the
 * revocation happened, or an entry that survived it. Such an answer is never used; the
 * upstream is asked again. A JWT with a JTI mark is revoked outright until its expiry. A
 * not-before watermark of an issuer ({@link #revokeNotBefore}) revokes outright every
 * token of that issuer whose {@code iat} is before it, and makes stale an answer without
 * {@code iat} fetched before it. Because the check runs when an answer is used, not only
 * when it is written, revocation holds even when a user's tag set was evicted, and no
 * write can bring a revoked entry back.
 * <p>
 * Marks live at least as long as the longest entry, so every entry fetched before a mark
 * expires before it.
 * <p>
 * A hit is about one round trip: the entry is read together with the marks its answer was
 * last checked against in this process ({@link #read}, {@link MarkHints}). Those marks
 * decide only when they are exactly the marks of the entry read, and, when they may have
 * been read before the entry, only for an entry older than the young-entry window
 * ({@link TtlPolicy#youngEntryWindow()}); otherwise the marks are read again, so a
 * missing or outdated hint costs a second read, never a missed mark.
 * <p>
 * A mark is applied in this process first, whatever the store does. A mark the store
 * cannot take (Redis down or hung) is kept in a bounded queue of pending marks and
 * written by {@link #writePending()} once the store answers; the revocation call still
 * fails ({@link CacheStoreException}), so its caller learns it is not durable yet. A
 * revocation does not wait for a store that failed a call and has not answered since
 * ({@link RevocationStore#writeIfAnswering}): its mark is pending at once. Other
 * instances do not see a pending mark, so they distrust what they cached before the store
 * came back (see {@link StoreEpoch}).
 * <p>
 * Marks are sealed ({@link MarkSeal}): one without a valid MAC, or dated later than now
 * plus the clock skew, is ignored, wherever it comes from. The table of marks in this
 * process is bounded ({@value #LOCAL_CAPACITY} marks, those that expire first dropped
 * first, never a pending one) and indexed by expiry, so no revocation scans it.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see "docs/design/revocation-marks.md"
 * @see "docs/design/hit-path.md"
 */
public final class Revocations {

	private static final int LOCAL_CAPACITY = 100_000;

	private static final String JTI_MARK = "revoked";

	private final RevocationStore store;

	private final CacheKeys keys;

	private final TtlPolicy ttlPolicy;

	private final PendingMarks pending = new PendingMarks();

	private final MarkTable local = new MarkTable(LOCAL_CAPACITY, this.pending::contains);

	private final MarkHints hints = new MarkHints();

	private volatile boolean marksReadWithEntries;

	private volatile boolean marksReadAlongsideEntries;

	private MarkSeal seal = MarkSeal.NONE;

	private Set<String> notBeforeIssuers = Set.of();

	private Duration notBeforeRetention = Duration.ZERO;

	/**
	 * Create the revocation marks.
	 * @param store where marks are kept
	 * @param keys the key derivation
	 * @param ttlPolicy how long marks live ({@link TtlPolicy#markTtl()}) and the
	 * young-entry window ({@link TtlPolicy#youngEntryWindow()})
	 */
	public Revocations(RevocationStore store, CacheKeys keys, TtlPolicy ttlPolicy) {
		Assert.notNull(store, "'store' must not be null");
		Assert.notNull(keys, "'keys' must not be null");
		Assert.notNull(ttlPolicy, "'ttlPolicy' must not be null");
		this.store = store;
		this.keys = keys;
		this.ttlPolicy = ttlPolicy;
	}

	/**
	 * Set how marks are authenticated. Defaults to {@link MarkSeal#NONE}: marks are
	 * written and read as they are.
	 * @param seal the seal
	 */
	public void setSeal(MarkSeal seal) {
		Assert.notNull(seal, "'seal' must not be null");
		this.seal = seal;
	}

	/**
	 * Set the issuers whose not-before watermark ({@link #revokeNotBefore}) every answer
	 * with that {@code iss} is checked against, in the same read as its other marks.
	 * Defaults to none.
	 * @param issuers the issuers
	 */
	public void setNotBeforeIssuers(Collection<String> issuers) {
		Assert.notNull(issuers, "'issuers' must not be null");
		this.notBeforeIssuers = Set.copyOf(issuers);
	}

	/**
	 * Set how much longer than the {@link TtlPolicy#markTtl() mark TTL} a not-before
	 * watermark lives: the longest lifetime of the issuer's tokens, so that a JWT
	 * validated locally and issued before the watermark stays refused until it expires.
	 * Defaults to zero.
	 * @param retention the extra lifetime
	 */
	public void setNotBeforeRetention(Duration retention) {
		Assert.isTrue(retention != null && !retention.isNegative(), "'retention' must not be negative");
		this.notBeforeRetention = retention;
	}

	/**
	 * Set whether the marks live in the cache store, so that an entry and its marks can
	 * be read in one round trip ({@link AuthCacheStore#getWithMarks}); only then are
	 * {@link #hintedMarkKeys hints} given. Defaults to {@code false}: the marks are read
	 * from the {@link RevocationStore} after the entry.
	 * @param marksReadWithEntries whether the cache store holds the marks too
	 */
	public void setMarksReadWithEntries(boolean marksReadWithEntries) {
		this.marksReadWithEntries = marksReadWithEntries;
	}

	/**
	 * Set whether the marks live in a Redis of their own that can read them while an
	 * entry is read from the cache store ({@link RevocationStore#readAlongside}), so that
	 * a hit costs about one round trip; only then, or with
	 * {@link #setMarksReadWithEntries}, are {@link #hintedMarkKeys hints} given. Defaults
	 * to {@code false}: the marks are read after the entry.
	 * @param marksReadAlongsideEntries whether the marks are read at the same time as the
	 * entries
	 */
	public void setMarksReadAlongsideEntries(boolean marksReadAlongsideEntries) {
		this.marksReadAlongsideEntries = marksReadAlongsideEntries;
	}

	/**
	 * Return the mark keys to read along with an entry: those its answer was last checked
	 * against in this process.
	 * @param entryKey the entry key
	 * @return the mark keys, or {@code null} when there is no hint or the marks are not
	 * read with entries
	 */
	public @Nullable List<String> hintedMarkKeys(String entryKey) {
		return isHinting() ? this.hints.get(entryKey) : null;
	}

	/**
	 * Read an entry together with the marks its answer was last checked against, when
	 * there is a hint ({@link #hintedMarkKeys}): in one pipeline on the cache store when
	 * the marks live there ({@link AuthCacheStore#getWithMarks}), otherwise with the
	 * entry read while the marks are read ({@link RevocationStore#readAlongside}), so in
	 * either case in about one round trip. Without a hint, the entry alone is read.
	 * @param entries the cache store
	 * @param entryKey the entry key
	 * @return the read, which says whether the marks may have been read before the entry
	 * @throws CacheStoreException when either store failed
	 * @see "docs/design/hit-path.md"
	 */
	public EntryRead read(AuthCacheStore entries, String entryKey) {
		List<String> markKeys = hintedMarkKeys(entryKey);
		return (markKeys != null) ? read(entries, entryKey, markKeys) : EntryRead.valueOnly(entries.get(entryKey));
	}

	/**
	 * Read an entry together with the given marks, in about one round trip (see
	 * {@link #read(AuthCacheStore, String)}).
	 * @param entries the cache store
	 * @param entryKey the entry key
	 * @param markKeys the mark keys to read with it
	 * @return the read, which says whether the marks may have been read before the entry
	 * @throws CacheStoreException when either store failed
	 */
	public EntryRead read(AuthCacheStore entries, String entryKey, List<String> markKeys) {
		if (this.marksReadWithEntries || !this.marksReadAlongsideEntries) {
			return entries.getWithMarks(entryKey, markKeys);
		}
		EntryValue entry = new EntryValue(entries, entryKey);
		List<@Nullable String> marks = this.store.readAlongside(markKeys, entry);
		return entry.read(markKeys, marks);
	}

	/**
	 * Check an answer against the marks in this process only (no store call).
	 * @param entryKey the credential's entry key
	 * @param identity the answer's identity
	 * @param fetchedAt when the upstream was asked
	 * @return the verdict
	 */
	public Verdict checkLocal(String entryKey, Identity identity, Instant fetchedAt) {
		return evaluate(identity, localMarks(markKeys(entryKey, identity)), micros(fetchedAt));
	}

	/**
	 * Check an answer against the marks in this process and in the store.
	 * @param entryKey the credential's entry key
	 * @param identity the answer's identity
	 * @param fetchedAt when the upstream was asked
	 * @return the verdict
	 * @throws CacheStoreException when the store cannot be read
	 */
	public Verdict check(String entryKey, Identity identity, Instant fetchedAt) {
		return check(entryKey, identity, fetchedAt, null, fetchedAt);
	}

	/**
	 * Check an answer against the marks in this process and in the store, using the marks
	 * read with its entry when they decide for it; otherwise the marks are read from the
	 * store now, and remembered as the entry key's hint. The marks read with the entry
	 * decide when they are exactly this answer's marks (a hint may disagree with the
	 * entry) and either were not read before the entry ({@link EntryRead#ordered()}) or
	 * the entry was fetched longer before {@code readAt} than the young-entry window
	 * ({@link TtlPolicy#youngEntryWindow()}), so that no mark the read missed can concern
	 * it. The bound assumes the entry is written right after the upstream answers.
	 * @param entryKey the credential's entry key
	 * @param identity the answer's identity
	 * @param fetchedAt when the upstream was asked
	 * @param read the read of the entry, with the marks read along with it, if any
	 * @param readAt a time at or before the read of the entry was sent (the lookup's
	 * start)
	 * @return the verdict
	 * @throws CacheStoreException when the store cannot be read
	 * @see "docs/design/revocation-marks.md"
	 */
	public Verdict check(String entryKey, Identity identity, Instant fetchedAt, @Nullable EntryRead read,
			Instant readAt) {
		List<String> markKeys = markKeys(entryKey, identity);
		long fetched = micros(fetchedAt);
		Verdict local = evaluate(identity, localMarks(markKeys), fetched);
		if (local != Verdict.CLEAR) {
			return local;
		}
		List<@Nullable String> stored = (read != null && read.markKeys().equals(markKeys)
				&& (read.ordered() || isOlderThanMissedMarks(fetchedAt, readAt))) ? read.marks() : null;
		if (stored == null) {
			stored = this.store.read(markKeys);
			if (isHinting()) {
				this.hints.learn(entryKey, identity, markKeys);
			}
		}
		List<@Nullable Long> revokedAts = new ArrayList<>(stored.size());
		for (int i = 0; i < stored.size(); i++) {
			String value = stored.get(i);
			revokedAts.add((value != null) ? revokedAt(markKeys.get(i), value) : null);
		}
		return evaluate(identity, revokedAts, fetched);
	}

	/**
	 * Revoke one credential, named by its entry key.
	 * @param entryKey the entry key
	 * @param at the revocation time
	 * @return the invalidation to tell other instances
	 * @throws CacheStoreException when the mark could not be written: it holds in this
	 * process and is pending
	 */
	public Invalidation revokeCredential(String entryKey, Instant at) {
		return mark(new Invalidation(Invalidation.Type.CREDENTIAL, entryKey, at));
	}

	/**
	 * Revoke every credential of a session.
	 * @param sessionId the session id
	 * @param at the revocation time
	 * @return the invalidation to tell other instances
	 * @throws CacheStoreException when the mark could not be written: it holds in this
	 * process and is pending
	 */
	public Invalidation revokeSession(String sessionId, Instant at) {
		return mark(new Invalidation(Invalidation.Type.SESSION, sessionId, at));
	}

	/**
	 * Revoke every credential of a user.
	 * @param userId the user id (the identity's subject)
	 * @param at the revocation time
	 * @return the invalidation to tell other instances
	 * @throws CacheStoreException when the mark could not be written: it holds in this
	 * process and is pending
	 */
	public Invalidation revokeUser(String userId, Instant at) {
		return mark(new Invalidation(Invalidation.Type.USER, userId, at));
	}

	/**
	 * Revoke a JWT by issuer and JWT id, until it expires.
	 * @param issuer the token's issuer
	 * @param jti the token's JWT id
	 * @param expiresAt the token's expiry
	 * @return the invalidation to tell other instances
	 * @throws CacheStoreException when the mark could not be written: it holds in this
	 * process and is pending
	 */
	public Invalidation revokeJti(String issuer, String jti, Instant expiresAt) {
		return mark(new Invalidation(Invalidation.Type.JTI, this.keys.jtiMarkKey(issuer, jti), expiresAt));
	}

	/**
	 * Raise the not-before watermark of an issuer: every token of that issuer issued
	 * before it is refused ({@code iat} before it), and an answer without {@code iat}
	 * fetched before it is stale. A watermark is never lowered: one lower than the
	 * issuer's current watermark, in this process or in the store, changes nothing.
	 * Checked only for the {@link #setNotBeforeIssuers issuers set}.
	 * @param issuer the issuer ({@code iss})
	 * @param notBefore the watermark
	 * @return the invalidation to tell other instances
	 * @throws CacheStoreException when the mark could not be written: it holds in this
	 * process and is pending
	 */
	public Invalidation revokeNotBefore(String issuer, Instant notBefore) {
		return mark(new Invalidation(Invalidation.Type.NOT_BEFORE, issuer, notBefore));
	}

	/**
	 * Apply an invalidation another instance announced to this process's table, unless it
	 * is dated later than now plus the clock skew (a JWT id's date is its expiry: it may
	 * be later). The message it came in is expected to be authenticated with this
	 * {@link #setSeal seal} already.
	 * @param invalidation the invalidation
	 * @return whether it was applied
	 */
	public boolean applyLocally(Invalidation invalidation) {
		if (invalidation.type() != Invalidation.Type.JTI && isFuture(micros(invalidation.at()))) {
			this.seal.ignored().ignored(Reason.FUTURE);
			return false;
		}
		apply(invalidation, this.seal.isAuthenticating());
		return true;
	}

	private void apply(Invalidation invalidation, boolean restorable) {
		long revokedAt = (invalidation.type() == Invalidation.Type.JTI) ? Long.MIN_VALUE : revokedAt(invalidation);
		this.local.put(markKey(invalidation), revokedAt, expiresAt(invalidation).toEpochMilli(), invalidation,
				restorable);
	}

	/**
	 * Write the pending marks, oldest first, until the store fails again. A pending mark
	 * does not overwrite a later one another instance wrote meanwhile.
	 * @return the invalidations now written, to tell other instances
	 */
	public List<Invalidation> writePending() {
		return this.pending.writeAll(this::writeUnlessSuperseded);
	}

	/**
	 * Queue the marks this process knows to be written again by {@link #writePending()}:
	 * called when the store lost data, so that revocations survive as long as one
	 * instance remembers them. Only marks this process made, or that came in a message
	 * whose MAC it verified, are written again, and only while there is room: a pending
	 * mark is never dropped for them. A mark already in the store is not overwritten by
	 * an older one.
	 */
	public void restoreLost() {
		this.local.forEachRestorable(this.pending::offer);
	}

	/**
	 * Return how long to wait before calling {@link #writePending()} again: 100 ms while
	 * nothing stayed pending, doubled after every call the store failed, up to 2 s.
	 * @return the delay before the next attempt
	 */
	public Duration pendingRetryDelay() {
		return this.pending.retryDelay();
	}

	/**
	 * Return how many marks wait to be written.
	 * @return the number of pending marks
	 */
	public int pendingCount() {
		return this.pending.size();
	}

	private Invalidation mark(Invalidation invalidation) {
		if (isExpired(invalidation)) {
			return invalidation;
		}
		apply(invalidation, true);
		String markKey = markKey(invalidation);
		Duration ttl = (invalidation.type() == Invalidation.Type.JTI) ? remainingTtl(invalidation)
				: this.ttlPolicy.markTtl();
		try {
			if (invalidation.type() == Invalidation.Type.NOT_BEFORE) {
				writeUnlessSuperseded(markKey, invalidation);
			}
			else {
				// A store that just failed is not waited for again: the mark joins the
				// queue
				this.store.writeIfAnswering(markKey, markValue(markKey, invalidation), ttl);
			}
		}
		catch (CacheStoreException ex) {
			this.pending.add(markKey, invalidation);
			throw ex;
		}
		return invalidation;
	}

	private String markValue(String markKey, Invalidation invalidation) {
		String value = (invalidation.type() == Invalidation.Type.JTI) ? JTI_MARK
				: Long.toString(revokedAt(invalidation));
		return this.seal.sealMark(markKey, value);
	}

	/**
	 * Return how much longer a mark must live (see {@link #expiresAt}).
	 * @param invalidation the revocation
	 * @return how long its mark must still live
	 */
	private Duration remainingTtl(Invalidation invalidation) {
		return Duration.between(Instant.now(), expiresAt(invalidation));
	}

	/**
	 * Return until when a mark lives: a JTI mark until the token's expiry, a not-before
	 * watermark for the mark TTL and the {@link #setNotBeforeRetention retention} after
	 * the watermark, others for the mark TTL after the revocation.
	 * @param invalidation the revocation
	 * @return when its mark expires
	 */
	private Instant expiresAt(Invalidation invalidation) {
		return switch (invalidation.type()) {
			case JTI -> invalidation.at();
			case NOT_BEFORE -> invalidation.at().plus(this.ttlPolicy.markTtl()).plus(this.notBeforeRetention);
			default -> invalidation.at().plus(this.ttlPolicy.markTtl());
		};
	}

	/**
	 * Whether a JTI mark or a not-before watermark would hold no more (the token expired,
	 * the watermark is older than any token it could refuse): nothing to write.
	 * @param invalidation the revocation
	 * @return whether it is expired
	 */
	private boolean isExpired(Invalidation invalidation) {
		return (invalidation.type() == Invalidation.Type.JTI || invalidation.type() == Invalidation.Type.NOT_BEFORE)
				&& !expiresAt(invalidation).isAfter(Instant.now());
	}

	/**
	 * Return the revocation time a mark stores, in microseconds: the revocation's time,
	 * and for a not-before watermark one microsecond before it, so that a token issued at
	 * the watermark (whole seconds) is not before it and stays valid, as at Keycloak.
	 * @param invalidation the revocation, not a JTI
	 * @return the revocation time in microseconds
	 */
	private static long revokedAt(Invalidation invalidation) {
		long micros = micros(invalidation.at());
		return (invalidation.type() == Invalidation.Type.NOT_BEFORE) ? micros - 1 : micros;
	}

	private void writeUnlessSuperseded(String markKey, Invalidation invalidation) {
		Duration ttl = remainingTtl(invalidation);
		if (!ttl.isNegative() && !ttl.isZero() && !isSuperseded(markKey, invalidation)) {
			this.store.write(markKey, markValue(markKey, invalidation), ttl);
		}
	}

	private boolean isSuperseded(String markKey, Invalidation invalidation) {
		if (invalidation.type() == Invalidation.Type.JTI) {
			return false;
		}
		String stored = this.store.read(List.of(markKey)).get(0);
		Long revokedAt = (stored != null) ? revokedAt(markKey, stored) : null;
		return revokedAt != null && revokedAt >= revokedAt(invalidation);
	}

	private String markKey(Invalidation invalidation) {
		return switch (invalidation.type()) {
			case CREDENTIAL -> this.keys.credentialMarkKey(invalidation.target());
			case SESSION -> this.keys.sessionMarkKey(invalidation.target());
			case USER -> this.keys.userMarkKey(invalidation.target());
			case JTI -> invalidation.target();
			case NOT_BEFORE -> this.keys.notBeforeMarkKey(invalidation.target());
		};
	}

	private List<String> markKeys(String entryKey, Identity identity) {
		List<String> hinted = this.hints.matching(entryKey, identity);
		if (hinted != null) {
			return hinted;
		}
		List<String> markKeys = new ArrayList<>(4);
		markKeys.add(this.keys.credentialMarkKey(entryKey));
		markKeys.add(this.keys.userMarkKey(identity.subject()));
		if (identity.sessionId() != null) {
			markKeys.add(this.keys.sessionMarkKey(identity.sessionId()));
		}
		String issuer = notBeforeIssuer(identity);
		if (issuer != null) {
			markKeys.add(this.keys.notBeforeMarkKey(issuer));
		}
		String jtiMarkKey = this.keys.jtiMarkKey(identity);
		if (jtiMarkKey != null) {
			markKeys.add(jtiMarkKey);
		}
		return markKeys;
	}

	/**
	 * Return the issuer whose not-before watermark an answer is checked against.
	 * @param identity the answer's identity
	 * @return its {@code iss}, or {@code null} when it is not one of the
	 * {@link #setNotBeforeIssuers issuers} watched
	 */
	private @Nullable String notBeforeIssuer(Identity identity) {
		if (this.notBeforeIssuers.isEmpty()) {
			return null;
		}
		Object issuer = identity.attributes().get("iss");
		return (issuer instanceof String name && this.notBeforeIssuers.contains(name)) ? name : null;
	}

	private boolean isHinting() {
		return this.marksReadWithEntries || this.marksReadAlongsideEntries;
	}

	/**
	 * Whether an entry fetched at the given time was written before marks read at the
	 * same time as it could have been missed (see
	 * {@link #check(String, Identity, Instant, EntryRead, Instant)}).
	 * @param fetchedAt the entry's fetch time
	 * @param readAt a time at or before the marks were read
	 * @return whether the marks read with the entry decide for it
	 */
	private boolean isOlderThanMissedMarks(Instant fetchedAt, Instant readAt) {
		return fetchedAt.isBefore(readAt.minus(this.ttlPolicy.youngEntryWindow()));
	}

	private List<@Nullable Long> localMarks(List<String> markKeys) {
		List<@Nullable Long> revokedAts = new ArrayList<>(markKeys.size());
		for (String markKey : markKeys) {
			revokedAts.add(this.local.revokedAt(markKey));
		}
		return revokedAts;
	}

	/**
	 * Decide on the marks found for an answer, in the order of {@link #markKeys}: any JTI
	 * mark (last) revokes the token; a not-before watermark (before it) at or after the
	 * token's {@code iat} revokes the token; any other mark, or a watermark when the
	 * answer has no {@code iat}, at or after the fetch makes the answer stale.
	 * @param identity the answer's identity
	 * @param revokedAts the marks found, {@code null} where there is none
	 * @param fetched when the answer was fetched, in microseconds
	 * @return the verdict
	 */
	private Verdict evaluate(Identity identity, List<@Nullable Long> revokedAts, long fetched) {
		int jti = (identity.tokenId() != null) ? revokedAts.size() - 1 : -1;
		int notBefore = (notBeforeIssuer(identity) != null) ? revokedAts.size() - ((jti >= 0) ? 2 : 1) : -1;
		Verdict verdict = Verdict.CLEAR;
		for (int i = 0; i < revokedAts.size(); i++) {
			Long revokedAt = revokedAts.get(i);
			if (revokedAt == null) {
				continue;
			}
			if (i == jti) {
				return Verdict.TOKEN_REVOKED;
			}
			if (i == notBefore && identity.attributes().get("iat") instanceof Number issuedAt) {
				if (revokedAt >= issuedAt.longValue() * 1_000_000L) {
					return Verdict.TOKEN_REVOKED;
				}
			}
			else if (revokedAt >= fetched) {
				verdict = Verdict.STALE;
			}
		}
		return verdict;
	}

	/**
	 * Marks and fetch times are compared in microseconds, so that a lookup that starts
	 * right after a revocation is rarely taken for one that started with it (that costs
	 * an upstream call, never correctness).
	 * @param instant the instant
	 * @return the microseconds since the epoch
	 */
	private static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
	}

	/**
	 * Return the revocation time of a stored mark, or {@code null} when it is to be
	 * ignored: not sealed under its key ({@link MarkSeal}), or dated later than now plus
	 * the clock skew.
	 * @param markKey the mark key
	 * @param stored the stored value
	 * @return the revocation time in microseconds ({@link Long#MIN_VALUE} for a JWT id),
	 * or {@code null}
	 */
	private @Nullable Long revokedAt(String markKey, String stored) {
		String value = this.seal.openMark(markKey, stored);
		if (value == null) {
			return null;
		}
		if (value.equals(JTI_MARK)) {
			return Long.MIN_VALUE;
		}
		long revokedAt;
		try {
			revokedAt = Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			// Not a mark this code writes: only an unauthenticated store holds one
			this.seal.ignored().ignored(Reason.UNAUTHENTICATED);
			return null;
		}
		if (isFuture(revokedAt)) {
			this.seal.ignored().ignored(Reason.FUTURE);
			return null;
		}
		return revokedAt;
	}

	private static boolean isFuture(long micros) {
		return micros > micros(Instant.now().plus(TtlPolicy.CLOCK_SKEW));
	}

	/**
	 * The outcome of a revocation check.
	 */
	public enum Verdict {

		/**
		 * No revocation applies: the answer may be used.
		 */
		CLEAR,

		/**
		 * The answer was fetched before a revocation of its credential, session or user:
		 * ask the upstream again.
		 */
		STALE,

		/**
		 * The token's JWT id is revoked, or it was issued before its issuer's not-before
		 * watermark: reject it.
		 */
		TOKEN_REVOKED

	}

	/**
	 * The read of an entry that runs while its marks are read: a store failure is kept
	 * for the caller, so that it is not taken for a failure of the revocation store.
	 */
	private static final class EntryValue implements Runnable {

		private final AuthCacheStore store;

		private final String key;

		private byte @Nullable [] value;

		private @Nullable CacheStoreException failure;

		EntryValue(AuthCacheStore store, String key) {
			this.store = store;
			this.key = key;
		}

		@Override
		public void run() {
			try {
				this.value = this.store.get(this.key);
				this.failure = null;
			}
			catch (CacheStoreException ex) {
				this.failure = ex;
			}
		}

		EntryRead read(List<String> markKeys, List<@Nullable String> marks) {
			if (this.failure != null) {
				throw this.failure;
			}
			return new EntryRead(this.value, markKeys, marks, false);
		}

	}

}
