/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A Kratos session as registered with an {@link OryStub}. Immutable; use
 * {@link #toBuilder()} to derive a changed copy.
 *
 * @param sessionId the session id (a UUID)
 * @param identityId the identity id (a UUID)
 * @param token the session token accepted in {@code X-Session-Token} or
 * {@code Authorization: Bearer}, or {@code null} for a cookie-only session
 * @param cookieValues the session cookie values accepted for this session
 * @param expiresAt when the session expires
 * @param authenticatedAt when the session was authenticated (also {@code issued_at})
 * @param aal the authenticator assurance level, {@code aal1} or {@code aal2}
 * @param traits the identity traits
 * @param active whether the session is active (false once revoked)
 * @param identityState the identity state, {@code active} or {@code inactive}
 * @param requiresAal2 whether whoami answers 403 {@code session_aal2_required}
 * @param extended whether the session was extended server-side, so whoami called with an
 * older cookie value answers with a rotated {@code Set-Cookie}
 * @author authcache authors
 * @since 0.1.0
 */
public record KratosSessionSpec(String sessionId, String identityId, @Nullable String token, List<String> cookieValues,
		Instant expiresAt, Instant authenticatedAt, String aal, Map<String, Object> traits, boolean active,
		String identityState, boolean requiresAal2, boolean extended) {

	/**
	 * Create a new instance, copying the collections.
	 */
	public KratosSessionSpec {
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(identityId, "identityId");
		cookieValues = List.copyOf(cookieValues);
		traits = Collections.unmodifiableMap(new LinkedHashMap<>(traits));
	}

	/**
	 * Return whether whoami treats this session as active at the given time:
	 * {@code active && expires_at > now && identity.state == active}.
	 * @param now the current time
	 * @return whether the session is active
	 */
	public boolean isActiveAt(Instant now) {
		return this.active && this.expiresAt.isAfter(now) && "active".equals(this.identityState);
	}

	/**
	 * Return the first cookie value.
	 * @return the cookie value
	 * @throws IllegalStateException if the session has no cookie value
	 */
	public String cookieValue() {
		if (this.cookieValues.isEmpty()) {
			throw new IllegalStateException("Session " + this.sessionId + " has no cookie value");
		}
		return this.cookieValues.get(0);
	}

	/**
	 * Return the session token.
	 * @return the token
	 * @throws IllegalStateException if the session has no token
	 */
	public String requiredToken() {
		if (this.token == null) {
			throw new IllegalStateException("Session " + this.sessionId + " has no token");
		}
		return this.token;
	}

	/**
	 * Return a builder initialised with this session's values.
	 * @return the builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.sessionId = this.sessionId;
		builder.identityId = this.identityId;
		builder.token = this.token;
		builder.cookieValues = new ArrayList<>(this.cookieValues);
		builder.expiresAt = this.expiresAt;
		builder.authenticatedAt = this.authenticatedAt;
		builder.aal = this.aal;
		builder.traits = new LinkedHashMap<>(this.traits);
		builder.active = this.active;
		builder.identityState = this.identityState;
		builder.requiresAal2 = this.requiresAal2;
		builder.extended = this.extended;
		return builder;
	}

	/**
	 * Return a builder for an active aal1 session with a fresh session token, one cookie
	 * value, random ids, a lifespan of 24 hours and email/name traits.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public String toString() {
		return "KratosSessionSpec[sessionId=" + this.sessionId + ", identityId=" + this.identityId + ", expiresAt="
				+ this.expiresAt + ", aal=" + this.aal + ", active=" + this.active + ", identityState="
				+ this.identityState + ", requiresAal2=" + this.requiresAal2 + ", extended=" + this.extended + "]";
	}

	/**
	 * Builder for a {@link KratosSessionSpec}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private String sessionId = OryCredentials.uuid();

		private String identityId = OryCredentials.uuid();

		private @Nullable String token = OryCredentials.sessionToken();

		private List<String> cookieValues = new ArrayList<>(List.of(OryCredentials.sessionCookieValue()));

		private Instant authenticatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

		private Instant expiresAt = this.authenticatedAt.plus(Duration.ofHours(24));

		private String aal = "aal1";

		private Map<String, Object> traits;

		private boolean active = true;

		private String identityState = "active";

		private boolean requiresAal2;

		private boolean extended;

		private Builder() {
			this.traits = new LinkedHashMap<>();
			this.traits.put("email", "user-" + this.identityId.substring(0, 8) + "@example.org");
			this.traits.put("name", "User");
		}

		/**
		 * Set the session id.
		 * @param sessionId the id (a UUID)
		 * @return this builder
		 */
		public Builder sessionId(String sessionId) {
			this.sessionId = sessionId;
			return this;
		}

		/**
		 * Set the identity id.
		 * @param identityId the id (a UUID)
		 * @return this builder
		 */
		public Builder identityId(String identityId) {
			this.identityId = identityId;
			return this;
		}

		/**
		 * Set the session token, or {@code null} for a cookie-only session.
		 * @param token the token
		 * @return this builder
		 */
		public Builder token(@Nullable String token) {
			this.token = token;
			return this;
		}

		/**
		 * Replace the cookie values with the given ones (none for a token-only session).
		 * @param cookieValues the cookie values
		 * @return this builder
		 */
		public Builder cookieValues(String... cookieValues) {
			this.cookieValues = new ArrayList<>(List.of(cookieValues));
			return this;
		}

		/**
		 * Add a cookie value, as a re-issued cookie for the same session would be.
		 * @param cookieValue the cookie value
		 * @return this builder
		 */
		public Builder addCookieValue(String cookieValue) {
			this.cookieValues.add(cookieValue);
			return this;
		}

		/**
		 * Set when the session expires.
		 * @param expiresAt the expiry
		 * @return this builder
		 */
		public Builder expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		/**
		 * Set when the session was authenticated.
		 * @param authenticatedAt the time
		 * @return this builder
		 */
		public Builder authenticatedAt(Instant authenticatedAt) {
			this.authenticatedAt = authenticatedAt;
			return this;
		}

		/**
		 * Set the authenticator assurance level ({@code aal1}, {@code aal2}).
		 * @param aal the level
		 * @return this builder
		 */
		public Builder aal(String aal) {
			this.aal = aal;
			return this;
		}

		/**
		 * Replace the identity traits.
		 * @param traits the traits
		 * @return this builder
		 */
		public Builder traits(Map<String, Object> traits) {
			this.traits = new LinkedHashMap<>(traits);
			return this;
		}

		/**
		 * Set whether the session is active.
		 * @param active whether the session is active
		 * @return this builder
		 */
		public Builder active(boolean active) {
			this.active = active;
			return this;
		}

		/**
		 * Set the identity state ({@code active} or {@code inactive}).
		 * @param identityState the state
		 * @return this builder
		 */
		public Builder identityState(String identityState) {
			this.identityState = identityState;
			return this;
		}

		/**
		 * Set whether whoami answers 403 {@code session_aal2_required}.
		 * @param requiresAal2 whether a second factor is required
		 * @return this builder
		 */
		public Builder requiresAal2(boolean requiresAal2) {
			this.requiresAal2 = requiresAal2;
			return this;
		}

		/**
		 * Set whether the session was extended, so whoami rotates an older cookie.
		 * @param extended whether the session was extended
		 * @return this builder
		 */
		public Builder extended(boolean extended) {
			this.extended = extended;
			return this;
		}

		/**
		 * Build the session.
		 * @return the session
		 */
		public KratosSessionSpec build() {
			return new KratosSessionSpec(this.sessionId, this.identityId, this.token, this.cookieValues, this.expiresAt,
					this.authenticatedAt, this.aal, this.traits, this.active, this.identityState, this.requiresAal2,
					this.extended);
		}

	}

}
