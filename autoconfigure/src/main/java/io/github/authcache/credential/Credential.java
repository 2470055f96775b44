/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.credential;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A raw credential taken from a request. The value is a secret: it is never logged, never
 * part of {@link #toString()}, and never written to Redis (the cache keys on a keyed hash
 * of it).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class Credential {

	private final CredentialType type;

	private final String value;

	private final boolean dpop;

	/**
	 * Create a new credential presented as a bearer: whoever holds it may use it.
	 * @param type where the credential came from
	 * @param value the raw credential value
	 */
	public Credential(CredentialType type, String value) {
		this(type, value, false);
	}

	/**
	 * Create a new credential.
	 * @param type where the credential came from
	 * @param value the raw credential value
	 * @param dpop whether the credential is an access token presented with the
	 * {@code DPoP} scheme (RFC 9449), so with a proof of possession of its key
	 */
	public Credential(CredentialType type, String value, boolean dpop) {
		Assert.notNull(type, "'type' must not be null");
		Assert.hasText(value, "'value' must not be empty");
		Assert.isTrue(!dpop || type == CredentialType.ACCESS_TOKEN, "Only an access token can be presented with DPoP");
		this.type = type;
		this.value = value;
		this.dpop = dpop;
	}

	/**
	 * Return where the credential came from.
	 * @return the credential type
	 */
	public CredentialType type() {
		return this.type;
	}

	/**
	 * Return what the credential proves.
	 * @return the credential kind
	 */
	public CredentialKind kind() {
		return this.type.kind();
	}

	/**
	 * Return the raw credential value. Callers must not log it or store it.
	 * @return the raw value
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Whether the credential is an access token presented with the {@code DPoP} scheme
	 * (RFC 9449): it authenticates only with a valid proof of possession of the key it is
	 * bound to. A credential presented otherwise is a bearer.
	 * @return whether the credential was presented with the {@code DPoP} scheme
	 */
	public boolean isDPoP() {
		return this.dpop;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return (other instanceof Credential that) && this.type == that.type && this.dpop == that.dpop
				&& this.value.equals(that.value);
	}

	@Override
	public int hashCode() {
		return 31 * this.type.hashCode() + this.value.hashCode();
	}

	@Override
	public String toString() {
		return "Credential[type=" + this.type + ", dpop=" + this.dpop + ", value=<redacted>]";
	}

}
