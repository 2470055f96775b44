/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SubjectIdentifier}.
 *
 * @author authcache authors
 */
class SubjectIdentifierTests {

	@Test
	void ofWhenIssSubThenTheUser() {
		assertThat(SubjectIdentifier.of(Map.of("format", "iss_sub", "iss", "https://idp", "sub", "u1")))
			.isEqualTo(new SubjectIdentifier("u1", null, null));
	}

	@Test
	void ofWhenOpaqueThenTheSession() {
		assertThat(SubjectIdentifier.of(Map.of("format", "opaque", "id", "s1")))
			.isEqualTo(new SubjectIdentifier(null, "s1", null));
	}

	@Test
	void ofWhenEmailThenNoUserAndNoSession() {
		SubjectIdentifier subject = SubjectIdentifier.of(Map.of("format", "email", "email", "a@example.org"));
		assertThat(subject).isEqualTo(new SubjectIdentifier(null, null, "a@example.org"));
		assertThat(subject.namesNothing()).isTrue();
	}

	@Test
	void ofWhenComplexThenItsUserAndItsSession() {
		assertThat(SubjectIdentifier
			.of(Map.of("format", "complex", "user", Map.of("format", "iss_sub", "iss", "https://idp", "sub", "u1"),
					"session", Map.of("format", "opaque", "id", "s1"))))
			.isEqualTo(new SubjectIdentifier("u1", "s1", null));
	}

	@Test
	void ofWhenComplexWithKeycloaksAllSessionsThenTheUserOnly() {
		assertThat(SubjectIdentifier
			.of(Map.of("format", "complex", "user", Map.of("format", "iss_sub", "iss", "https://idp", "sub", "u1"),
					"session", Map.of("format", "opaque", "id", "ALL"))))
			.isEqualTo(new SubjectIdentifier("u1", null, null));
	}

	@Test
	void ofWhenOpaqueAllWithoutAUserThenThatSession() {
		assertThat(SubjectIdentifier.of(Map.of("format", "opaque", "id", "ALL")))
			.isEqualTo(new SubjectIdentifier(null, "ALL", null));
	}

	@Test
	void ofWhenComplexWithAnOpaqueUserThenItsIdIsTheUser() {
		assertThat(SubjectIdentifier.of(Map.of("format", "complex", "user", Map.of("format", "opaque", "id", "u1"))))
			.isEqualTo(new SubjectIdentifier("u1", null, null));
	}

	@Test
	void ofWhenUnknownFormatThenNothing() {
		assertThat(SubjectIdentifier.of(Map.of("format", "phone_number", "phone_number", "+1")).namesNothing())
			.isTrue();
		assertThat(SubjectIdentifier.of(Map.of("id", "s1")).namesNothing()).isTrue();
	}

}
