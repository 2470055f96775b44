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
 * A Hydra OAuth 2.0 token as registered with an {@link OryStub}. Immutable; use
 * {@link #toBuilder()} to derive a changed copy.
 *
 * @param token the opaque token string
 * @param subject the {@code sub} claim
 * @param clientId the {@code client_id}
 * @param scopes the granted scopes
 * @param audience the {@code aud} list
 * @param issuer the {@code iss}, or {@code null} for the stub's base URL with a trailing
 * slash
 * @param expiresAt the {@code exp}
 * @param issuedAt the {@code iat} (also {@code nbf})
 * @param tokenUse {@code access_token} or {@code refresh_token}
 * @param username the {@code username}, or {@code null}
 * @param jti the {@code jti}, or {@code null}: Hydra's opaque tokens have none (and the
 * stub then sends none); RFC 7662 servers such as Spring Authorization Server send one
 * @param ext the {@code ext} claims (omitted from introspection when empty)
 * @author authcache authors
 * @since 0.1.0
 */
public record OAuth2TokenSpec(String token, String subject, String clientId, List<String> scopes, List<String> audience,
		@Nullable String issuer, Instant expiresAt, Instant issuedAt, String tokenUse, @Nullable String username,
		@Nullable String jti, Map<String, Object> ext) {

	/**
	 * {@code token_use} of an access token.
	 */
	public static final String ACCESS_TOKEN = "access_token";

	/**
	 * {@code token_use} of a refresh token.
	 */
	public static final String REFRESH_TOKEN = "refresh_token";

	/**
	 * Create a new instance, copying the collections.
	 */
	public OAuth2TokenSpec {
		Objects.requireNonNull(token, "token");
		scopes = List.copyOf(scopes);
		audience = List.copyOf(audience);
		ext = Collections.unmodifiableMap(new LinkedHashMap<>(ext));
	}

	/**
	 * Return whether the token has not expired at the given time.
	 * @param now the current time
	 * @return whether {@code exp} is after {@code now}
	 */
	public boolean isUnexpiredAt(Instant now) {
		return this.expiresAt.isAfter(now);
	}

	/**
	 * Return a builder initialised with this token's values.
	 * @return the builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.token = this.token;
		builder.subject = this.subject;
		builder.clientId = this.clientId;
		builder.scopes = new ArrayList<>(this.scopes);
		builder.audience = new ArrayList<>(this.audience);
		builder.issuer = this.issuer;
		builder.expiresAt = this.expiresAt;
		builder.issuedAt = this.issuedAt;
		builder.tokenUse = this.tokenUse;
		builder.username = this.username;
		builder.jti = this.jti;
		builder.ext = new LinkedHashMap<>(this.ext);
		return builder;
	}

	/**
	 * Return a builder for an access token ({@code ory_at_…}) valid for one hour, with
	 * random subject and client id, no scopes and no audience.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a builder for the refresh token ({@code ory_rt_…}) of the same grant as the
	 * given access token, valid for 30 days.
	 * @param accessToken the access token of the grant
	 * @return the builder
	 */
	public static Builder refreshTokenFor(OAuth2TokenSpec accessToken) {
		return accessToken.toBuilder()
			.token(OryCredentials.refreshToken())
			.tokenUse(REFRESH_TOKEN)
			.expiresAt(accessToken.issuedAt().plus(Duration.ofDays(30)));
	}

	@Override
	public String toString() {
		return "OAuth2TokenSpec[subject=" + this.subject + ", clientId=" + this.clientId + ", scopes=" + this.scopes
				+ ", audience=" + this.audience + ", expiresAt=" + this.expiresAt + ", tokenUse=" + this.tokenUse + "]";
	}

	/**
	 * Builder for an {@link OAuth2TokenSpec}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private String token = OryCredentials.accessToken();

		private String subject = OryCredentials.uuid();

		private String clientId = OryCredentials.uuid();

		private List<String> scopes = new ArrayList<>();

		private List<String> audience = new ArrayList<>();

		private @Nullable String issuer;

		private Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		private Instant expiresAt = this.issuedAt.plus(Duration.ofHours(1));

		private String tokenUse = ACCESS_TOKEN;

		private @Nullable String username;

		private @Nullable String jti;

		private Map<String, Object> ext = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Set the token string.
		 * @param token the token
		 * @return this builder
		 */
		public Builder token(String token) {
			this.token = token;
			return this;
		}

		/**
		 * Set the subject ({@code sub}).
		 * @param subject the subject
		 * @return this builder
		 */
		public Builder subject(String subject) {
			this.subject = subject;
			return this;
		}

		/**
		 * Set the client id.
		 * @param clientId the client id
		 * @return this builder
		 */
		public Builder clientId(String clientId) {
			this.clientId = clientId;
			return this;
		}

		/**
		 * Set the granted scopes.
		 * @param scopes the scopes
		 * @return this builder
		 */
		public Builder scopes(String... scopes) {
			this.scopes = new ArrayList<>(List.of(scopes));
			return this;
		}

		/**
		 * Set the audience.
		 * @param audience the audience
		 * @return this builder
		 */
		public Builder audience(String... audience) {
			this.audience = new ArrayList<>(List.of(audience));
			return this;
		}

		/**
		 * Set the issuer; by default the stub's base URL with a trailing slash.
		 * @param issuer the issuer
		 * @return this builder
		 */
		public Builder issuer(@Nullable String issuer) {
			this.issuer = issuer;
			return this;
		}

		/**
		 * Set the expiry ({@code exp}).
		 * @param expiresAt the expiry
		 * @return this builder
		 */
		public Builder expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		/**
		 * Set the issue time ({@code iat} and {@code nbf}).
		 * @param issuedAt the issue time
		 * @return this builder
		 */
		public Builder issuedAt(Instant issuedAt) {
			this.issuedAt = issuedAt;
			return this;
		}

		/**
		 * Set the {@code token_use}: {@link #ACCESS_TOKEN} or {@link #REFRESH_TOKEN}.
		 * @param tokenUse the token use
		 * @return this builder
		 */
		public Builder tokenUse(String tokenUse) {
			this.tokenUse = tokenUse;
			return this;
		}

		/**
		 * Set the {@code jti} (none by default, as Hydra's opaque tokens have none).
		 * @param jti the JWT id
		 * @return this builder
		 */
		public Builder jti(@Nullable String jti) {
			this.jti = jti;
			return this;
		}

		/**
		 * Set the {@code username}.
		 * @param username the user name
		 * @return this builder
		 */
		public Builder username(@Nullable String username) {
			this.username = username;
			return this;
		}

		/**
		 * Set the {@code ext} claims.
		 * @param ext the claims
		 * @return this builder
		 */
		public Builder ext(Map<String, Object> ext) {
			this.ext = new LinkedHashMap<>(ext);
			return this;
		}

		/**
		 * Build the token.
		 * @return the token
		 */
		public OAuth2TokenSpec build() {
			return new OAuth2TokenSpec(this.token, this.subject, this.clientId, this.scopes, this.audience, this.issuer,
					this.expiresAt, this.issuedAt, this.tokenUse, this.username, this.jti, this.ext);
		}

	}

}
