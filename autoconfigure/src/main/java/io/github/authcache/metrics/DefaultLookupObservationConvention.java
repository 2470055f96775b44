/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

import java.util.EnumMap;
import java.util.Map;

import io.github.authcache.credential.CredentialKind;
import io.micrometer.common.KeyValues;

/**
 * The default {@link LookupObservationConvention}: the observation
 * {@code authcache.lookup} with the low-cardinality keys {@code kind} ({@code session},
 * {@code token}) and {@code result} (the values of {@code authcache.lookups}, or
 * {@code none} when the cache was not consulted). Names and keys are built once per kind
 * and result, not on each lookup.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class DefaultLookupObservationConvention implements LookupObservationConvention {

	/**
	 * Name of the lookup observation.
	 */
	public static final String NAME = "authcache.lookup";

	private static final String NO_RESULT = "none";

	private static final Map<CredentialKind, String> CONTEXTUAL_NAMES = new EnumMap<>(CredentialKind.class);

	private static final Map<CredentialKind, KeyValues> WITHOUT_RESULT = new EnumMap<>(CredentialKind.class);

	private static final Map<CredentialKind, Map<LookupResult, KeyValues>> WITH_RESULT = new EnumMap<>(
			CredentialKind.class);

	static {
		for (CredentialKind kind : CredentialKind.values()) {
			CONTEXTUAL_NAMES.put(kind, "authcache " + kind.tagValue() + " lookup");
			WITHOUT_RESULT.put(kind, keyValues(kind, NO_RESULT));
			Map<LookupResult, KeyValues> byResult = new EnumMap<>(LookupResult.class);
			for (LookupResult result : LookupResult.values()) {
				byResult.put(result, keyValues(kind, result.tagValue()));
			}
			WITH_RESULT.put(kind, byResult);
		}
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(LookupObservationContext context) {
		return CONTEXTUAL_NAMES.get(context.getKind());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LookupObservationContext context) {
		LookupResult result = context.getResult();
		return (result != null) ? WITH_RESULT.get(context.getKind()).get(result)
				: WITHOUT_RESULT.get(context.getKind());
	}

	private static KeyValues keyValues(CredentialKind kind, String result) {
		return KeyValues.of("kind", kind.tagValue(), "result", result);
	}

}
