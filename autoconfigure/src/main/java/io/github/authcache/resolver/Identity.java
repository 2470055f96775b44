/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Who a credential belongs to, as the upstream answered: the projection that is cached,
 * so it holds only what access decisions and the application need, never the credential
 * itself.
 *
 * @param subject the user the credential belongs to: the Kratos identity id or the
 * token's {@code sub}; the invalidation of all of a user's entries is keyed on it
 * @param sessionId the session the credential belongs to (Kratos session id, or
 * {@code sid}), if any
 * @param tokenId the token's JWT id ({@code jti}), if any
 * @param expiresAt when the credential expires ({@code expires_at} or {@code exp}), if
 * the upstream said
 * @param authorities the authority names granted, for example {@code SCOPE_read}
 * @param attributes further claims the application can read (JSON values: strings,
 * numbers, booleans, lists and maps), kept unmodifiable in the form
 * {@link NormalizedAttributes} describes: attributes already in that form are taken as
 * they are, others are copied
 * @author authcache authors
 * @since 0.1.0
 */
public record Identity(String subject, @Nullable String sessionId, @Nullable String tokenId,
		@Nullable Instant expiresAt, List<String> authorities, Map<String, Object> attributes) {

	/**
	 * Create a new identity.
	 */
	public Identity {
		Assert.hasText(subject, "'subject' must not be empty");
		expiresAt = (expiresAt != null) ? expiresAt.truncatedTo(ChronoUnit.MILLIS) : null;
		authorities = List.copyOf(authorities);
		attributes = NormalizedAttributes.of(attributes);
	}

	/**
	 * Whether the credential has expired at the given instant.
	 * @param now the current instant
	 * @return whether the identity's credential has expired
	 */
	public boolean isExpiredAt(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

}
