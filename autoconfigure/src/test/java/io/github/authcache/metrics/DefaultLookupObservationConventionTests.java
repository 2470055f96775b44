/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

import io.github.authcache.credential.CredentialKind;
import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultLookupObservationConvention}.
 *
 * @author authcache authors
 */
class DefaultLookupObservationConventionTests {

	private final DefaultLookupObservationConvention convention = new DefaultLookupObservationConvention();

	@Test
	void keysNameTheKindAndResultOfEachLookup() {
		for (CredentialKind kind : CredentialKind.values()) {
			for (LookupResult result : LookupResult.values()) {
				LookupObservationContext context = new LookupObservationContext(kind);
				context.setResult(result);
				assertThat(this.convention.getLowCardinalityKeyValues(context))
					.containsExactly(KeyValue.of("kind", kind.tagValue()), KeyValue.of("result", result.tagValue()));
			}
		}
	}

	@Test
	void resultIsNoneWhenTheCacheWasNotConsulted() {
		assertThat(this.convention.getLowCardinalityKeyValues(new LookupObservationContext(CredentialKind.TOKEN)))
			.containsExactly(KeyValue.of("kind", "token"), KeyValue.of("result", "none"));
	}

	@Test
	void nameAndContextualNameFollowTheKind() {
		assertThat(this.convention.getName()).isEqualTo("authcache.lookup");
		assertThat(this.convention.getContextualName(new LookupObservationContext(CredentialKind.SESSION)))
			.isEqualTo("authcache session lookup");
		assertThat(this.convention.getContextualName(new LookupObservationContext(CredentialKind.TOKEN)))
			.isEqualTo("authcache token lookup");
	}

}
