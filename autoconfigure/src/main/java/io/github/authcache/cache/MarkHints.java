/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.List;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.authcache.resolver.Identity;
import org.jspecify.annotations.Nullable;

/**
 * Which revocation marks an entry key's answer was last checked against, so that the next
 * read of the entry can fetch its marks in the same round trip. A hint is only a guess:
 * the marks it names are used only when they are exactly the marks of the entry read (see
 * {@link Revocations#check(String, io.github.authcache.resolver.Identity, java.time.Instant, EntryRead, java.time.Instant)}),
 * so a missing, evicted or outdated hint costs a second round trip, never a missed mark.
 * A hint also remembers what its mark keys were derived from (the entry key, the subject,
 * the session id, the JWT id, the issuer), so an answer with the same ones takes its mark
 * keys from the hint instead of deriving them again on every hit. Bounded in size, least
 * recently used first out.
 *
 * @author authcache authors
 */
final class MarkHints {

	/**
	 * How many entry keys are remembered: about 0.5 KB each.
	 */
	static final int MAX_HINTS = 10_000;

	private final Cache<String, Hint> hints = Caffeine.newBuilder().maximumSize(MAX_HINTS).build();

	/**
	 * Return the mark keys last checked for an entry key.
	 * @param entryKey the entry key
	 * @return the mark keys, or {@code null} when there is no hint
	 */
	@Nullable List<String> get(String entryKey) {
		Hint hint = this.hints.getIfPresent(entryKey);
		return (hint != null) ? hint.markKeys() : null;
	}

	/**
	 * Return the mark keys of an answer, when the entry key's hint was learned from an
	 * answer they are derived from in the same way.
	 * @param entryKey the entry key
	 * @param identity the answer's identity
	 * @return the mark keys, or {@code null} when there is no such hint
	 */
	@Nullable List<String> matching(String entryKey, Identity identity) {
		Hint hint = this.hints.getIfPresent(entryKey);
		return (hint != null && hint.isDerivedFrom(identity)) ? hint.markKeys() : null;
	}

	/**
	 * Remember the mark keys an entry key's answer was checked against.
	 * @param entryKey the entry key
	 * @param identity the answer's identity, which the mark keys were derived from
	 * @param markKeys the mark keys
	 */
	void learn(String entryKey, Identity identity, List<String> markKeys) {
		Hint hint = this.hints.getIfPresent(entryKey);
		if (hint == null || !hint.isDerivedFrom(identity) || !markKeys.equals(hint.markKeys())) {
			this.hints.put(entryKey, new Hint(identity.subject(), identity.sessionId(), identity.tokenId(),
					issuer(identity), List.copyOf(markKeys)));
		}
	}

	/**
	 * Return the issuer a JWT id mark and a not-before watermark are keyed on.
	 * @param identity the identity
	 * @return the issuer, or {@code null} when the identity has none
	 */
	private static @Nullable String issuer(Identity identity) {
		Object issuer = identity.attributes().get("iss");
		return (issuer != null) ? issuer.toString() : null;
	}

	/**
	 * A hint: the mark keys, and what they were derived from besides the entry key.
	 */
	private record Hint(String subject, @Nullable String sessionId, @Nullable String tokenId, @Nullable String issuer,
			List<String> markKeys) {

		boolean isDerivedFrom(Identity identity) {
			return this.subject.equals(identity.subject()) && Objects.equals(this.sessionId, identity.sessionId())
					&& Objects.equals(this.tokenId, identity.tokenId())
					&& Objects.equals(this.issuer, MarkHints.issuer(identity));
		}

	}

}
