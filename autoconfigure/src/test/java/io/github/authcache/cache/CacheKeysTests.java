/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.List;

import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheKeys}.
 *
 * @author authcache authors
 */
class CacheKeysTests {

	private static final Credential TOKEN = new Credential(CredentialType.ACCESS_TOKEN, "ory_at_secret.value");

	@Test
	void entryKeyWhenTokenThenInTokenSpaceAndWithoutTheCredential() {
		String key = new CacheKeys("authcache:", null).entryKey("ns", TOKEN);
		assertThat(key).startsWith("authcache:token:").doesNotContain("ory_at_secret").hasSize(16 + 32);
	}

	@Test
	void entryKeyWhenSameInputThenSameKeyOnEveryInstance() {
		assertThat(new CacheKeys("authcache:", "s3cret").entryKey("ns", TOKEN))
			.isEqualTo(new CacheKeys("authcache:", "s3cret").entryKey("ns", TOKEN));
	}

	@Test
	void entryKeyWhenSecretOrNamespaceOrTypeDiffersThenKeyDiffers() {
		CacheKeys plain = new CacheKeys("authcache:", null);
		CacheKeys keyed = new CacheKeys("authcache:", "s3cret");
		assertThat(plain.entryKey("ns", TOKEN)).isNotEqualTo(keyed.entryKey("ns", TOKEN));
		assertThat(keyed.entryKey("ns", TOKEN)).isNotEqualTo(keyed.entryKey("other upstream", TOKEN));
		Credential cookie = new Credential(CredentialType.SESSION_COOKIE, TOKEN.value());
		assertThat(keyed.entryKey("ns", cookie)).startsWith("authcache:session:")
			.isNotEqualTo(keyed.entryKey("ns", TOKEN).replace("token:", "session:"));
	}

	@Test
	void entryKeyWhenDerivedThenTheKeysOfEarlierVersionsSoTheirMarksStillApply() {
		String namespace = "kratos http://127.0.0.1:4433/sessions/whoami";
		Credential cookie = new Credential(CredentialType.SESSION_COOKIE, "MTY3ODk=|ü-non-ascii|xxxxxxxxxx");
		assertThat(new CacheKeys("authcache:", null).entryKey(namespace, cookie))
			.isEqualTo("authcache:session:PwP8mns5Zf5URoQhIL4cBv8x5sR8bafU");
		assertThat(new CacheKeys("authcache:", "s3cret").entryKey(namespace, cookie))
			.isEqualTo("authcache:session:kx7GO78EKxItTDFjXJOXZL9mkhY9UdJS");
		assertThat(new CacheKeys("authcache:", null).entryKey("ns", TOKEN))
			.isEqualTo("authcache:token:Ul5tInzZ9P5FvrSnzPteUKp-gZnfBNLh");
		assertThat(new CacheKeys("ac:", "new", List.of("s3cret")).entryKeys("ns", TOKEN))
			.containsExactly("ac:token:pGI7u4lg_6eQxvl7YoxtxUOPiDNHFdqa", "ac:token:Sivfm_moI-lASywc1nRMX1XR1RymFFM2");
	}

	@Test
	void entryKeyWhenLongCredentialThenAsLongAsAnyOther() {
		CacheKeys keys = new CacheKeys("authcache:", "s3cret");
		Credential longToken = new Credential(CredentialType.ACCESS_TOKEN, "t".repeat(5000));
		Credential longerToken = new Credential(CredentialType.ACCESS_TOKEN, "t".repeat(5001));
		assertThat(keys.entryKey("ns", longToken)).hasSize(16 + 32)
			.isNotEqualTo(keys.entryKey("ns", longerToken))
			.isEqualTo(new CacheKeys("authcache:", "s3cret").entryKey("ns", longToken));
	}

	@Test
	void userKeyWhenIdHasKeySyntaxThenEscaped() {
		CacheKeys keys = new CacheKeys("authcache:", null);
		assertThat(keys.userKey("969d7a6e-b8a9-49ea-bf7b-9e2732a41a81"))
			.isEqualTo("authcache:user:969d7a6e-b8a9-49ea-bf7b-9e2732a41a81");
		assertThat(keys.userKey("a:b*{x}\r\n")).isEqualTo("authcache:user:a%3Ab%2A%7Bx%7D%0D%0A");
		assertThat(keys.userKey("ü")).isEqualTo("authcache:user:%C3%BC");
	}

	@Test
	void entryKeysWhenRotatedThenTheCurrentKeyFirstAndOnePerEarlierSecret() {
		CacheKeys rotated = new CacheKeys("authcache:", "new", List.of("old"));
		assertThat(rotated.entryKey("ns", TOKEN)).isEqualTo(new CacheKeys("authcache:", "new").entryKey("ns", TOKEN));
		assertThat(rotated.entryKeys("ns", TOKEN)).containsExactly(rotated.entryKey("ns", TOKEN),
				new CacheKeys("authcache:", "old").entryKey("ns", TOKEN));
		assertThat(new CacheKeys("authcache:", "new").entryKeys("ns", TOKEN))
			.containsExactly(rotated.entryKey("ns", TOKEN));
	}

	@Test
	void markKeysThatDoNotDependOnTheSecretAreTheSameUnderEverySecret() {
		CacheKeys before = new CacheKeys("authcache:", "old");
		CacheKeys after = new CacheKeys("authcache:", "new", List.of("old"));
		assertThat(after.jtiMarkKey("https://issuer", "jti-1")).isEqualTo(before.jtiMarkKey("https://issuer", "jti-1"));
		assertThat(after.sessionMarkKey("sid")).isEqualTo(before.sessionMarkKey("sid"));
		assertThat(after.userMarkKey("alice")).isEqualTo(before.userMarkKey("alice"));
		assertThat(after.credentialMarkKey(after.entryKeys("ns", TOKEN).get(1)))
			.isEqualTo(before.credentialMarkKey(before.entryKey("ns", TOKEN)));
	}

}
