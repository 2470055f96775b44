/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs one warning per state change of a store's circuit, and nothing per request.
 *
 * @author authcache authors
 */
final class CircuitStateLogger {

	private static final Log logger = LogFactory.getLog(CircuitStateLogger.class);

	private CircuitStateLogger() {
	}

	/**
	 * Log the state changes of a breaker.
	 * @param circuitBreaker the breaker
	 * @param whileOpen what happens while it is open, for the warning
	 */
	static void logStateChanges(CircuitBreaker circuitBreaker, String whileOpen) {
		Duration wait = Duration
			.ofMillis(circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
		circuitBreaker.getEventPublisher().onStateTransition((event) -> log(event, whileOpen, wait));
	}

	private static void log(CircuitBreakerOnStateTransitionEvent event, String whileOpen, Duration wait) {
		String name = event.getCircuitBreakerName();
		String message = switch (event.getStateTransition().getToState()) {
			case OPEN -> "Circuit '" + name + "' opened (" + event.getStateTransition().getFromState()
					+ " -> OPEN): the store fails too often or too slowly; " + whileOpen
					+ ", and it is probed again in " + wait.toMillis() + " ms";
			case HALF_OPEN -> "Circuit '" + name + "' half-open: probing the store";
			case CLOSED -> "Circuit '" + name + "' closed (" + event.getStateTransition().getFromState()
					+ " -> CLOSED): the store answers again; lookups are cached again";
			default -> "Circuit '" + name + "' changed " + event.getStateTransition();
		};
		logger.warn(message);
	}

}
