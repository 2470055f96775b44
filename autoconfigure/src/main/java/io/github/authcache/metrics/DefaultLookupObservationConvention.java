/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

import io.micrometer.common.KeyValues;

/**
 * The default {@link LookupObservationConvention}: the observation
 * {@code authcache.lookup} with the low-cardinality keys {@code kind} ({@code session},
 * {@code token}) and {@code result} (the values of {@code authcache.lookups}, or
 * {@code none} when the cache was not consulted).
 *
 * @author authcache authors
 * @since 0.1.0
 */
public class DefaultLookupObservationConvention implements LookupObservationConvention {

	/**
	 * Name of the lookup observation.
	 */
	public static final String NAME = "authcache.lookup";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(LookupObservationContext context) {
		return "authcache " + context.getKind().tagValue() + " lookup";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LookupObservationContext context) {
		LookupResult result = context.getResult();
		return KeyValues.of("kind", context.getKind().tagValue(), "result",
				(result != null) ? result.tagValue() : "none");
	}

}
