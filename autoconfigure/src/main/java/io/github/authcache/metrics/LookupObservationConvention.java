/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for credential lookups.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see DefaultLookupObservationConvention
 */
public interface LookupObservationConvention extends ObservationConvention<LookupObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof LookupObservationContext;
	}

}
