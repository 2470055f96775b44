/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.cache;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ValueProtection}.
 *
 * @author authcache authors
 */
class ValueProtectionTests {

	private static final String VALUE = "{\"v\":1,\"at\":1,\"ok\":true,\"sub\":\"alice\",\"attrs\":{\"traits\":{\"email\":\"alice@example.org\"}}}";

	@Test
	void openWhenAuthenticatedValueUnderItsKeyThenValue() {
		ValueProtection protection = ValueProtection.of("s3cret", false);
		String sealed = protection.seal("authcache:session:a", VALUE);
		assertThat(protection.open("authcache:session:a", sealed)).isEqualTo(VALUE);
	}

	@Test
	void openWhenForgedOrTamperedOrMovedThenNull() {
		ValueProtection protection = ValueProtection.of("s3cret", false);
		String sealed = protection.seal("authcache:session:a", VALUE);
		assertThat(protection.open("authcache:session:a", VALUE)).as("unsigned").isNull();
		assertThat(protection.open("authcache:session:a", sealed.replace("alice", "mallory"))).as("tampered").isNull();
		assertThat(protection.open("authcache:session:b", sealed)).as("moved to another key").isNull();
		assertThat(ValueProtection.of("other", false).open("authcache:session:a", sealed)).as("other secret").isNull();
		assertThat(protection.open("authcache:session:a", VALUE + ".!!!")).as("garbage tag").isNull();
	}

	@Test
	void sealWhenEncryptedThenTraitsAreNotReadableAndOpenOnlyUnderItsKey() {
		ValueProtection protection = ValueProtection.of("s3cret", true);
		String sealed = protection.seal("authcache:session:a", VALUE);
		assertThat(sealed).doesNotContain("alice").doesNotContain("email");
		assertThat(protection.seal("authcache:session:a", VALUE)).as("fresh IV").isNotEqualTo(sealed);
		assertThat(protection.open("authcache:session:a", sealed)).isEqualTo(VALUE);
		assertThat(protection.open("authcache:session:b", sealed)).isNull();
		assertThat(protection.open("authcache:session:a", sealed.substring(0, sealed.length() - 2) + "AA")).isNull();
		assertThat(protection.open("authcache:session:a", VALUE)).isNull();
	}

	@Test
	void ofWhenEncryptWithoutSecretThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ValueProtection.of(null, true));
		assertThat(ValueProtection.of(null, false)).isSameAs(ValueProtection.NONE);
	}

	@Test
	void openWhenRotatedThenValuesOfEverySecretOpenAndTheCurrentOneSeals() {
		String sealedBefore = ValueProtection.of("old", false).seal("authcache:session:a", VALUE);
		ValueProtection rotated = ValueProtection.of("new", List.of("old"), false);
		assertThat(rotated.open("authcache:session:a", sealedBefore)).isEqualTo(VALUE);
		String sealedAfter = rotated.seal("authcache:session:a", VALUE);
		assertThat(ValueProtection.of("new", false).open("authcache:session:a", sealedAfter)).isEqualTo(VALUE);
		assertThat(ValueProtection.of("old", false).open("authcache:session:a", sealedAfter)).isNull();
		assertThat(rotated.open("authcache:session:a",
				ValueProtection.of("third", false).seal("authcache:session:a", VALUE)))
			.isNull();
	}

	@Test
	void openWhenRotatedAndEncryptedThenValuesOfEverySecretOpen() {
		String sealedBefore = ValueProtection.of("old", true).seal("authcache:session:a", VALUE);
		ValueProtection rotated = ValueProtection.of("new", List.of("old"), true);
		assertThat(rotated.open("authcache:session:a", sealedBefore)).isEqualTo(VALUE);
		assertThat(
				ValueProtection.of("old", true).open("authcache:session:a", rotated.seal("authcache:session:a", VALUE)))
			.isNull();
	}

}
