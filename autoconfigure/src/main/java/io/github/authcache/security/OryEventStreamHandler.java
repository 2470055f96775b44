/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.github.authcache.cache.CacheStoreException;
import io.github.authcache.cache.OneTimeTokens;
import io.github.authcache.invalidation.AuthCacheInvalidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Receives the events of an Ory Network live event stream and drops the cached verdicts
 * they end: {@code SessionRevoked} drops the session named by its {@code SessionID}
 * attribute, {@code IdentityDeleted} and {@code IdentityUpdated} with
 * {@code IdentityActive} {@code false} drop every session of the identity named by
 * {@code IdentityID}. Every other event is acknowledged and ignored, as are attributes
 * this handler does not know (Ory does not promise their stability).
 * <p>
 * Ory delivers on a best-effort basis, possibly twice and in any order: an event is
 * applied once across instances (its name, project, timestamp and attributes, hashed, are
 * recorded in the revocation store for {@link #DUPLICATE_WINDOW}), and applying one twice
 * is harmless anyway. When the store cannot tell whether an event was seen, it is
 * applied: a lost revocation is worse than a repeated one.
 *
 * @author authcache authors
 * @since 0.1.0
 * @see OryEventStreamFilter
 */
public final class OryEventStreamHandler {

	/**
	 * How long a delivered event is remembered, so that Ory's retries of it are applied
	 * once.
	 */
	public static final Duration DUPLICATE_WINDOW = Duration.ofHours(24);

	private static final String ISSUER = "ory-event-stream";

	private static final Log logger = LogFactory.getLog(OryEventStreamHandler.class);

	private final AuthCacheInvalidator invalidator;

	private final OneTimeTokens oneTimeTokens;

	private final RequestMatcher authenticated;

	private final JsonMapper json = JsonMapper.shared();

	private String path = "/ory/events";

	private MeterRegistry meterRegistry = Metrics.globalRegistry;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a handler.
	 * @param invalidator the invalidator the events are applied through
	 * @param oneTimeTokens where delivered events are recorded
	 * @param authenticated matches the requests that present the stream's credentials
	 * (see {@link SharedSecretRequestMatcher})
	 */
	public OryEventStreamHandler(AuthCacheInvalidator invalidator, OneTimeTokens oneTimeTokens,
			RequestMatcher authenticated) {
		Assert.notNull(invalidator, "'invalidator' must not be null");
		Assert.notNull(oneTimeTokens, "'oneTimeTokens' must not be null");
		Assert.notNull(authenticated, "'authenticated' must not be null");
		this.invalidator = invalidator;
		this.oneTimeTokens = oneTimeTokens;
		this.authenticated = authenticated;
	}

	/**
	 * Set the path the endpoint is served at (the event stream's HTTPS endpoint).
	 * Defaults to {@code /ory/events}.
	 * @param path the path
	 */
	public void setPath(String path) {
		Assert.hasText(path, "'path' must not be empty");
		this.path = path;
	}

	/**
	 * Return the path the endpoint is served at.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Set the registry of the {@code authcache.ory.events} counter (tags {@code event}
	 * and {@code outcome}). Defaults to Micrometer's global registry.
	 * @param meterRegistry the registry
	 */
	public void setMeterRegistry(MeterRegistry meterRegistry) {
		Assert.notNull(meterRegistry, "'meterRegistry' must not be null");
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Set the clock. Defaults to the system clock in UTC.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	/**
	 * Return whether a delivery presents the stream's credentials.
	 * @param request the delivery
	 * @return whether it may be applied
	 */
	public boolean isAuthenticated(HttpServletRequest request) {
		return this.authenticated.matches(request);
	}

	/**
	 * Apply one delivered event.
	 * @param body the request body: one event as JSON
	 * @return what was done
	 * @throws IllegalArgumentException when the body is not an event, or an event that
	 * revokes lacks the attribute naming what it revokes
	 * @throws io.github.authcache.invalidation.RevocationFailedException when the
	 * revocation could not be recorded
	 */
	public Outcome handle(byte[] body) {
		JsonNode event = parse(body);
		String name = event.path("name").asString("");
		JsonNode attributes = event.path("eventAttributes");
		Revocation revocation = revocation(name, attributes);
		if (revocation == null) {
			return count(name, Outcome.IGNORED);
		}
		if (!isFirstDelivery(event, name, attributes)) {
			return count(name, Outcome.DUPLICATE);
		}
		if (revocation.session()) {
			this.invalidator.invalidateSession(revocation.target());
		}
		else {
			this.invalidator.invalidateUser(revocation.target());
		}
		return count(name, Outcome.APPLIED);
	}

	private JsonNode parse(byte[] body) {
		JsonNode event;
		try {
			event = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The body is not JSON");
		}
		if (event == null || !event.isObject() || !event.path("name").isString()) {
			throw new IllegalArgumentException("The body is not an event: it lacks a name");
		}
		return event;
	}

	private @Nullable Revocation revocation(String name, JsonNode attributes) {
		return switch (name) {
			case "SessionRevoked" -> new Revocation(true, required(attributes, "SessionID", name));
			case "IdentityDeleted" -> new Revocation(false, required(attributes, "IdentityID", name));
			case "IdentityUpdated" -> "false".equalsIgnoreCase(attributes.path("IdentityActive").asString(""))
					? new Revocation(false, required(attributes, "IdentityID", name)) : null;
			default -> null;
		};
	}

	private static String required(JsonNode attributes, String attribute, String name) {
		String value = attributes.path(attribute).asString("");
		if (value.isBlank()) {
			throw new IllegalArgumentException("The " + name + " event lacks the " + attribute + " attribute");
		}
		return value;
	}

	private boolean isFirstDelivery(JsonNode event, String name, JsonNode attributes) {
		Instant now = this.clock.instant();
		try {
			return this.oneTimeTokens.firstUse(ISSUER, delivery(event, name, attributes), now.plus(DUPLICATE_WINDOW),
					now);
		}
		catch (CacheStoreException ex) {
			logger.warn("Could not check whether an Ory event was delivered before (" + ex.getMessage()
					+ "); applying it, because a lost revocation is worse than a repeated one");
			return true;
		}
	}

	// The delivery's identity; the key derivation of OneTimeTokens hashes it
	private static String delivery(JsonNode event, String name, JsonNode attributes) {
		Map<String, String> sorted = new TreeMap<>();
		attributes.properties().forEach((entry) -> sorted.put(entry.getKey(), entry.getValue().asString("")));
		return name + '\n' + event.path("projectId").asString("") + '\n' + event.path("timestamp").asString("") + '\n'
				+ sorted;
	}

	private Outcome count(String name, Outcome outcome) {
		String event = (outcome != Outcome.IGNORED) ? name : "other";
		this.meterRegistry.counter("authcache.ory.events", "event", event, "outcome", outcome.tagValue()).increment();
		return outcome;
	}

	private record Revocation(boolean session, String target) {
	}

	/**
	 * What was done with a delivered event: the {@code outcome} tag of
	 * {@code authcache.ory.events}.
	 */
	public enum Outcome {

		/**
		 * The event revoked a session or an identity's sessions.
		 */
		APPLIED("applied"),

		/**
		 * The event was delivered before and applied then.
		 */
		DUPLICATE("duplicate"),

		/**
		 * The event revokes nothing.
		 */
		IGNORED("ignored");

		private final String tagValue;

		Outcome(String tagValue) {
			this.tagValue = tagValue;
		}

		/**
		 * Return the tag value.
		 * @return the tag value
		 */
		public String tagValue() {
			return this.tagValue;
		}

	}

}
